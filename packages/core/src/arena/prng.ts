/** The Arena draws from the statistics' seeded generator (mulberry32): one generator in core, same seed, same duels. */
export { randomIndex, seededRandom as arenaRandom, type Random as ArenaRandom } from "../stats/random.js"
