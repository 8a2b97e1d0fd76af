import { distance } from "fastest-levenshtein";

/**
 * The candidate nearest to `word` by edit distance, when it is near enough to be a likely typo: at most
 * 2 edits, or a quarter of the word's length for long names; a difference of letter case alone always counts.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === word.toLowerCase()) return candidate;
    const d = distance(word, candidate);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= nearMissLimit(word) ? best : undefined;
}

function nearMissLimit(word: string): number {
  return Math.max(2, Math.floor(word.length / 4));
}
