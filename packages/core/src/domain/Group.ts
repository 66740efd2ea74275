/** A named set of bots: the variants a sweep made of a base bot. The base itself is not a member. */
export interface BotGroup {
  readonly id: number
  readonly name: string
  /** The bot the variants were made from; null once it is removed. */
  readonly baseBotId: number | null
  /** Member bot ids, in the order they were added. */
  readonly botIds: ReadonlyArray<number>
}
