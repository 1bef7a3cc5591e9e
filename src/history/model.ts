/** One commit of `renamer history`: the references that remained at it. */
export interface HistoryPoint {
  readonly commit: string;
  /** Committer date, ISO 8601. */
  readonly date: string;
  readonly subject: string;
  readonly references: number;
}
