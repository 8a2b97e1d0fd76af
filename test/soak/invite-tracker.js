"use strict";
/**
 * Counts invites that acted: the emulator store is asked to add a member only when an invite reached the
 * handler and was accepted (a reset after the handler ran still counts; a reset before it does not). Also
 * counts invites refused because the email was already a member (400 on POST /members).
 */
function trackInvites(emu) {
  const createdByEmail = new Map();
  const addMember = emu.store.addMember.bind(emu.store);
  emu.store.addMember = (input) => {
    const member = addMember(input);
    createdByEmail.set(member.email, (createdByEmail.get(member.email) ?? 0) + 1);
    return member;
  };
  return {
    /** Emails whose member was created more than once (a member deleted and invited again counts too). */
    duplicateInvites() {
      return [...createdByEmail.entries()].filter(([, n]) => n > 1).map(([email, n]) => ({ email, n }));
    },
    /** POST /members answered 400 since the last request-log reset: an invite for an existing email. */
    refusedInvites() {
      return emu.requests.filter((r) => r.method === "POST" && r.path === "/api/v2/members" && r.status === 400).length;
    },
    created() {
      return [...createdByEmail.values()].reduce((a, b) => a + b, 0);
    },
    reset() {
      createdByEmail.clear();
    },
  };
}

module.exports = { trackInvites };
