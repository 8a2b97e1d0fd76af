import { createRequire } from "node:module";
import type { ActionHandler } from "./workflow-runner";

/**
 * The one stub of the workflow test: GitHub's issue-comments API for one pull request, in memory, and the
 * `actions/github-script` stand-in that runs a step's script against it with the globals github-script gives
 * (`github` as an Octokit subset, `context`, `core`, `require`, and `process.env` holding the step's env).
 */
export interface IssueComment {
  id: number;
  body: string;
  user: { login: string; type: "Bot" | "User" };
}

interface CommentTarget {
  owner: string;
  repo: string;
}

export class PullRequestComments {
  readonly comments: IssueComment[] = [];
  readonly calls: string[] = [];
  private nextId = 1000;

  constructor(
    readonly target: CommentTarget & { number: number },
    /** The login the workflow's token posts as (`github-actions[bot]`). */
    private readonly botLogin = "github-actions[bot]",
  ) {}

  /** A comment someone else wrote before the workflow ran. */
  addHumanComment(login: string, body: string): IssueComment {
    const comment: IssueComment = { id: this.nextId++, body, user: { login, type: "User" } };
    this.comments.push(comment);
    return comment;
  }

  private checkTarget(params: CommentTarget & { issue_number?: number }): void {
    const { owner, repo, number } = this.target;
    if (params.owner !== owner || params.repo !== repo || (params.issue_number !== undefined && params.issue_number !== number)) {
      throw new Error(`404: ${params.owner}/${params.repo}#${params.issue_number} is not ${owner}/${repo}#${number}`);
    }
  }

  /** The Octokit subset the script may use; anything else is undefined and fails the step. */
  octokit() {
    const listComments = async (params: CommentTarget & { issue_number: number; per_page?: number }) => {
      this.checkTarget(params);
      this.calls.push("listComments");
      return { data: this.comments.map((c) => structuredClone(c)) };
    };
    const createComment = async (params: CommentTarget & { issue_number: number; body: string }) => {
      this.checkTarget(params);
      this.calls.push("createComment");
      const comment: IssueComment = { id: this.nextId++, body: params.body, user: { login: this.botLogin, type: "Bot" } };
      this.comments.push(comment);
      return { data: structuredClone(comment) };
    };
    const updateComment = async (params: CommentTarget & { comment_id: number; body: string }) => {
      this.checkTarget(params);
      this.calls.push(`updateComment ${params.comment_id}`);
      const comment = this.comments.find((c) => c.id === params.comment_id);
      if (!comment) throw new Error(`404: no comment ${params.comment_id}`);
      if (comment.user.login !== this.botLogin) throw new Error(`403: comment ${params.comment_id} belongs to ${comment.user.login}`);
      comment.body = params.body;
      return { data: structuredClone(comment) };
    };
    return {
      rest: { issues: { listComments, createComment, updateComment } },
      // Every page at once: the in-memory list is one page.
      paginate: async <P, T>(method: (params: P) => Promise<{ data: T[] }>, params: P) => (await method(params)).data,
    };
  }

  botComments(): IssueComment[] {
    return this.comments.filter((c) => c.user.login === this.botLogin);
  }

  /** `actions/github-script`: runs `with.script` as github-script does (an async function body). */
  githubScript(): ActionHandler {
    return async ({ inputs, env, log }) => {
      const script = inputs.script;
      if (!script) throw new Error("actions/github-script without a script");
      const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;
      const run = new AsyncFunction("require", "github", "context", "core", "process", script);
      const context = { repo: { owner: this.target.owner, repo: this.target.repo }, issue: { owner: this.target.owner, repo: this.target.repo, number: this.target.number } };
      const core = { info: log, warning: (m: string) => log(`warning: ${m}`) };
      await run(createRequire(__filename), this.octokit(), context, core, { env });
      return {};
    };
  }
}
