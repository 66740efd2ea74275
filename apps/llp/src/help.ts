export const HELP = `LLP, the Local LLM Playground: tournaments of the LLMs on your own machine.

Usage: llp [--workspace DIR] [COMMAND] [OPTIONS]

  llp                              open the terminal app (Leaderboard, Conducer, …)
  llp init                         create a workspace here (or at --workspace) and load the suites

Suites and prompts
  llp categories list [--json]
  llp prompts list [--category KEY] [--json]
  llp prompts show ID [--json]
  llp prompts search QUERY [--json]
  llp suites load [DIR]            load suite files (default: the bundled suites); edited prompts are kept
  llp suites export DIR            write the database's suites back as suite files

Bots
  llp bots list [--json]
  llp bots search QUERY [--json]
  llp bots add --name NAME --model ID [--provider NAME] [PARAMETERS]
  llp bots edit NAME [--name NEW] [--model ID] [--provider NAME] [PARAMETERS]
  llp bots rm NAME                 the bot, its runs and scores, and its files in llm_outputs/
  llp bots sync [--provider NAME]  a bot for each chat model the server lists
  llp bots sweep BASE [--temp X,Y] [--ctx N,M] [--gpu-layers N,M] [--model ID,ID] [--group NAME]
                                   one bot per combination, grouped as BASE's variants ("BASE sweep");
                                   running it again adds none
  llp bots groups [--json]         the groups sweeps made
  PARAMETERS: --ctx N --gpu-layers N --gpu-offload 0..1 --batch N --threads N --flash-attn on|off
              --mmap on|off --mlock on|off --keep-alive DUR --temp X --top-k N --top-p X --min-p X
              --repeat-penalty X --frequency-penalty X --presence-penalty X --max-tokens N --notes TEXT
              bots edit takes \`default\` for a parameter: it is removed, and the server's or the
              category's value applies again (--temp default); --name NEW moves the bot's files in
              llm_outputs/ to the new name, and is refused while files are kept under NEW already

Runs and servers
  llp models [--provider NAME] [--json]
  llp run --bot NAME --prompt ID [--no-save] [--json]
  llp runs list [--bot NAME] [--category KEY] [--status S] [--limit N] [--json]
  llp runs show ID [--json]
  llp runs save ID [--force] [--json]
                                   write a run's answer to llm_outputs/; a stopped run's partial
                                   answer replaces a saved complete one only with --force
  llp search QUERY [--json]        full-text search over the saved answers
  llp tournament --bots A,B (--category KEY … | --all) [--rerun] [--repeat N] [--json]
                                   --bots takes group names too (all their bots)

Several machines (a Postgres store: "store": {"type": "postgres", "url": "env:LLP_DATABASE_URL"})
  llp tournament --bots A,B (--category KEY … | --all) [--repeat N] [--rerun] --distributed [--name NAME] [--wait] [--json]
                                   queue the bot × prompt (× repeat) jobs in the shared store; the same
                                   selection queues nothing twice; --wait follows them until done
  llp tournament --status [--name NAME] [--json]
                                   jobs done, running (by which worker, host, machine), waiting, failed
                                   (with reasons), and the workers of the last day with their last heartbeat
  llp tournament --retry-failed [--name NAME] [--json]
                                   queue the failed jobs again (all tournaments', or NAME's)
  llp worker [--providers lms,oll] [--bots A,B] [--once | --until-empty] [--stale-after SECONDS] [--json]
                                   run the queue's jobs this machine's providers can serve (their model
                                   lists know the bot's model); a job whose worker is silent for
                                   its own --stale-after seconds (default 60) is reclaimed; a store not
                                   up yet is waited for; Ctrl+C gives the job in flight back and exits
  llp worker --forget-stopped [--json]
                                   remove the workers that stopped (or were silent a day) and hold no
                                   job from --status (docs/workers.md)

Speed and the machine
  llp machine [--all] [--json]     this machine's profile (OS, CPU, RAM, GPUs, fingerprint) and the
                                   servers' versions; --all: every profile stored (imports bring theirs)
  llp bench BOT [--pp 512] [--tg 128] [--depth 0,4096] [--repeat 5] [--json]
                                   llama-bench-like probe: warm-up, then prompt processing (pp) and
                                   generation (tg) tok/s, mean ± sd, at each context depth; stored
  llp bench BOT --history [--json] the bot's stored bench results

Scores
  llp score RUN_ID POINTS [--note TEXT] [--items 1:met,2:partly,3:not met]
                                   --items: your verdict per rubric item (judge agreement's κ)
  llp leaderboard [--json | --format md|csv] [--sort COLUMN] [--with-judge] [--all-params] [--resamples N] [--seed N]
                  [--machine all|ID]
                    --with-judge: judge suggestions count where you gave no score;
                    points ± half the 95 % interval, tok/s and TTFT median (p10–p90), =3 for tied ranks;
                    only runs made with each bot's current parameters count unless --all-params;
                    speeds: this machine's runs unless --machine, TTFT without model loads, LOAD S apart
  llp compare BOT_A BOT_B [--category KEY] [--regressions] [--json] [--all-params] [--resamples N] [--seed N]
                    per prompt both answered: A − B, mean with 95 % interval, p-value; better / worse /
                    can't tell yet, and how many more repeats would likely settle it; flaky prompts marked;
                    --regressions lists the prompts by the size of the change, biggest first, with the net
  llp regressions BOT_A BOT_B [same flags]
                                   another name for llp compare BOT_A BOT_B --regressions (same output)
  llp export --format json|csv|md [--out FILE] [--details] [--force] [--all-params] [--resamples N]
             [--machine all|ID]
                                   an existing --out FILE is replaced only with --force
  llp import FILE.json [--json]    merge a --details export; what is already here stays
  llp eval swe [--bot NAME]
  llp frontier [--category KEY|total] [--by tps|ttft|vram|energy] [--min-tps N] [--max-vram 9GB] [--json]
                                   the bots no other beats on points and speed (or size) at once,
                                   the dominated ones and by whom, and a pick under the limits
  llp report [--out FILE.html] [--force]
                                   one self-contained HTML page: leaderboard, charts, frontier, answers;
                                   an existing --out FILE is replaced only with --force

The Arena (blind pairwise duels)
  llp arena next [--category KEY] [--json]      a duel: a prompt and two anonymous answers, with its id
  llp arena vote DUEL left|right|tie|bad [--judge] [--json]
  llp arena ratings [--category KEY] [--source manual|judge] [--style] [--seed N] [--rounds N] [--json]
                                   Bradley–Terry ratings with 95 % intervals; --style adds style control
  llp arena votes [--category KEY] [--json]
  llp arena undo [VOTE_ID]         remove a vote (default: the last manual one)

Judge (a bot scores answers against the rubrics; its scores are suggestions)
  llp judge [--judge BOT] --bots A,B (--category KEY … | --all) [--rerun] [--json]
                                   the latest complete run of each bot on each prompt, resumable;
                                   --judge defaults to "judge" in llp.config.json; --bots takes
                                   group names too (all their bots)
  llp judge --pairwise [--judge BOT] --bots A,B (--category KEY … | --all) [--rerun] [--json]
                                   compares two bots' answers in both orders; a win counts only if
                                   it survives the swap
  llp judge list [--judge BOT] [--bot NAME] [--category KEY] [--json]
  llp judge agreement [--judge BOT] [--json]
                                   the judge against your manual scores

The store (SQLite in the workspace, or a Postgres server several machines share)
  llp store migrate [--json]       bring the configured store's schema up to date; says what ran
  llp store copy --to postgres [--url URL|env:NAME] [--batch N] [--json]
                                   this workspace's SQLite store into Postgres (default: store.url of
                                   llp.config.json); resumable, and a second run copies nothing twice
  llp archive sync [--bot NAME] [--json]
                                   every answer in the store (all machines') into this llm_outputs/,
                                   complete answers only, and the score files

Global options
  --workspace DIR   the workspace folder (else $LLP_HOME, else the nearest folder upward with
                    llp.config.json, else the per-user data folder)
  -h, --help        this help
  -V, --version     the version

Every listing takes --json and prints stable JSON (docs/cli-json.md). An error is one line on
stderr, "llp: COMMAND: what is wrong"; exit code 2 for a mistyped command, 1 for other failures.
`
