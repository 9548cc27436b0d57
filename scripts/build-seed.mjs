/**
 * Writes `demo/seed.js`: the demo shop's Q&A, idea board and reviews about the Aurora Trail 28
 * backpack (and reviews of two related products, for rating tiles), in the shape of the memory
 * adapter's `MemorySeed` (members, questions, answers, votes; boards, ideas, idea comments, status
 * changes, followers; reviews with staff replies and helpful votes).
 *
 *   node --import tsx scripts/build-seed.mjs
 *
 * Markdown bodies are rendered to `bodyHtml` here, at build time, with the same `renderMarkdown` the
 * server and the memory adapter use, so the demo page never downloads a Markdown parser to read.
 * Everything is deterministic except timestamps, which are relative to when the script runs.
 * Counters (`score`, `upvotes`, `downvotes`, `answerCount`, `acceptedAnswerId`, `accepted`, `activeAt`)
 * and reputations are derived from the generated answers and votes, so they always agree; so are the
 * ideas' `upvotes` (their dated votes, the author's included), `commentCount`, `officialResponse`
 * (the latest status change with a response), the merge (the duplicate's votes, comments and
 * followers moved to the original) and the followers (authors, voters, commenters). The script
 * fails if a member would hold more votes than the board's budget allows. Reviews are plain text:
 * `bodyHtml` comes from `src/core/plain-text.ts`, as on the server; their helpful counts are their
 * generated votes (`targetType: 'review'`), and one member writes at most one review per product.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { renderMarkdown } from '../src/core/markdown.ts';
import { plainTextToHtml } from '../src/core/plain-text.ts';

const OUT = fileURLToPath(new URL('../demo/seed.js', import.meta.url));
const TOPIC = 'aurora-trail-28';
/** The idea board has the same slug as the Q&A topic: one product, one community. */
const BOARD = TOPIC;
const VOTE_BUDGET = 10;
const BOARD_STATUSES = [{ slug: 'beta', label: 'In beta', color: '#7c3aed', order: 4 }];
const STAFF = 'm_sam';

// ---- Members --------------------------------------------------------------------------------------

/** `base` is reputation earned elsewhere in the community, before this topic. */
const MEMBERS = [
  { id: 'm_ada', name: 'Ada Lovelace', roles: ['customer'], base: 64 },
  { id: 'm_ben', name: 'Ben Okafor', roles: ['customer'], base: 21 },
  { id: 'm_sam', name: 'Sam Rivera', roles: ['staff'], base: 1480 },
  { id: 'm_priya', name: 'Priya Natarajan', roles: ['expert'], base: 920 },
  { id: 'm_jonas', name: 'Jonas Weber', roles: ['customer'], base: 35 },
  { id: 'm_mei', name: 'Mei Chen', roles: ['customer'], base: 12 },
  { id: 'm_lucia', name: 'Lucía Fernández', roles: ['customer'], base: 140 },
  { id: 'm_tom', name: 'Tom Becker', roles: ['customer'], base: 8 },
  { id: 'm_aisha', name: 'Aisha Khan', roles: ['customer'], base: 3 },
  { id: 'm_olu', name: 'Olu Adeyemi', roles: ['customer'], base: 47 },
  { id: 'm_hana', name: 'Hana Sato', roles: ['customer'], base: 230 },
  { id: 'm_erik', name: 'Erik Lindqvist', roles: ['customer'], base: 18 },
  { id: 'm_grace', name: 'Grace Mwangi', roles: ['customer'], base: 5 },
  { id: 'm_diego', name: 'Diego Álvarez', roles: ['customer'], base: 2 },
  { id: 'm_noor', name: 'Noor Haddad', roles: ['customer'], base: 74 },
  { id: 'm_liam', name: "Liam O'Brien", roles: ['customer'], base: 26 },
  { id: 'm_sofia', name: 'Sofia Rossi', roles: ['customer'], base: 9 },
  { id: 'm_kai', name: 'Kai Nakamura', roles: ['customer'], base: 55 },
];

/** Reputation per event, as the reputation ledger counts it. */
const POINTS = {
  answerUp: 10,
  answerDown: -2,
  accepted: 15,
  questionUp: 5,
  questionDown: -2,
  reviewHelpful: 2,
};

function trustLevelFor(member, reputation) {
  if (member.roles.includes('staff') || member.roles.includes('moderator')) return 4;
  if (reputation >= 1000) return 4;
  if (member.roles.includes('expert') || reputation >= 200) return 3;
  if (reputation >= 50) return 2;
  if (reputation >= 10) return 1;
  return 0;
}

// ---- Content --------------------------------------------------------------------------------------
// `ago` is [days, hours] before now; an answer's `after` is hours after its question; `votes` is
// [up, down]. One `accepted: true` per question at most.

const QUESTIONS = [
  {
    id: 'q_waterproof',
    by: 'm_jonas',
    ago: [52, 3],
    votes: [9, 0],
    title: 'Is it waterproof enough for a full day of rain?',
    body: `Planning a week on the West Highland Way in May. Will the pack keep my things dry in steady rain, or do I need a pack liner as well?`,
    answers: [
      {
        by: 'm_sam',
        after: 5,
        votes: [14, 0],
        accepted: true,
        body: `Hi Jonas! The Aurora Trail 28 is **water-resistant, not waterproof**. The 210D recycled ripstop has a PFC-free DWR finish and a PU coating, but the seams aren't taped, so hours of steady rain will find a way in.

For the West Highland Way we recommend:

- the **included rain cover** (it lives in the zip pocket under the base)
- a roll-top pack liner or a couple of dry bags for your sleeping kit and electronics

Together they keep everything dry through an all-day downpour.`,
      },
      {
        by: 'm_priya',
        after: 20,
        votes: [8, 0],
        body: `Seconding Sam. I've guided in the Lake District with this pack for two seasons. The cover handles rain well, but strong wind can lift it at the top: hook the small elastic loop of the cover over the haul loop and it stays put. Inside I use a 25 L liner, which fits without fighting the frame.`,
      },
      {
        by: 'm_liam',
        after: 72,
        votes: [3, 1],
        body: `Used it on Skye in October: three days of rain, cover on the whole time. Everything inside stayed dry **except the hip-belt pockets**. The cover doesn't reach them, so don't keep your phone there.`,
      },
      {
        by: 'm_diego',
        after: 150,
        votes: [0, 2],
        body: `Just spray it with waterproofing spray and you're fine.`,
      },
    ],
  },
  {
    id: 'q_hipbelt',
    by: 'm_mei',
    ago: [47, 9],
    votes: [6, 0],
    title: 'Will the hip belt fit a short torso (about 40 cm)?',
    body: `I'm 157 cm tall and my torso measures about 40 cm. On a lot of packs the hip belt ends up on my waist instead of my hips. Has anyone with a similar build tried this one?`,
    answers: [
      {
        by: 'm_lucia',
        after: 9,
        votes: [7, 0],
        accepted: true,
        body: `Similar build here (155 cm, 41 cm torso). With the back system on its **lowest setting** the belt sits right on my hip bones. The padding wraps far enough round that I don't have to cinch it all the way, and I'm at the small end of the waist range.`,
      },
      {
        by: 'm_sam',
        after: 26,
        votes: [5, 0],
        body: `The adjustable back covers torso lengths from **40 to 53 cm**, so 40 cm is the bottom of the range: set the harness to its lowest rung. The hip belt fits waists from 66 to 127 cm.

To measure your torso, go from the bony bump at the base of your neck down to the top of your hip bones. A friend with a soft tape measure helps.`,
      },
    ],
  },
  {
    id: 'q_laptop',
    by: 'm_ben',
    ago: [41, 14],
    votes: [5, 0],
    title: 'What size laptop fits in the sleeve?',
    body: `Looking at this as a commute-plus-weekend pack. Will a 15.6" laptop fit in the back sleeve?`,
    answers: [
      {
        by: 'm_ada',
        after: 2,
        votes: [4, 0],
        body: `My 14" laptop slides in with plenty of room to spare, even inside its thin neoprene case.`,
      },
      {
        by: 'm_sam',
        after: 6,
        votes: [9, 0],
        accepted: true,
        body: `The sleeve's inside dimensions are \`38 × 26 × 2.5 cm\`. That takes most 15–15.6" laptops, but measure yours first, since some gaming laptops are bulkier. **16" laptops don't fit.**

The sleeve hangs 3 cm above the base, so the laptop doesn't take the knock when you put the pack down hard.`,
      },
      {
        by: 'm_kai',
        after: 50,
        votes: [2, 0],
        body: `A 15.6" business laptop (35.7 × 23.5 × 1.9 cm) fits snugly here, and the zip closes without strain.`,
      },
    ],
  },
  {
    id: 'q_carryon',
    by: 'm_aisha',
    ago: [36, 20],
    votes: [11, 0],
    title: 'Does it fit carry-on size limits?',
    body: `Flying with a budget airline next month. Their cabin bag limit is 55 × 40 × 20 cm. Will this pass?`,
    answers: [
      {
        by: 'm_priya',
        after: 4,
        votes: [12, 0],
        body: `Northwind lists it at **56 × 30 × 22 cm**, measured fully packed. In practice:

1. The height is 1 cm over 55 cm, but the top compresses as soon as it isn't stuffed.
2. The 22 cm depth is the real issue for a 20 cm limit: tighten the side compression straps and leave the front stretch pocket empty.
3. It won't pass as a small *personal item* (usually 40 × 30 × 20 cm).

I've put it in the sizer three times without problems, packed to about 80 %.`,
      },
      {
        by: 'm_tom',
        after: 28,
        votes: [3, 0],
        body: `Took it through Frankfurt with priority boarding last week. Nobody even looked at it.`,
      },
      {
        by: 'm_grace',
        after: 122,
        votes: [1, 0],
        body: `It fit the sizer in Nairobi too, with the hip belt wings folded in behind the back panel.`,
      },
    ],
  },
  {
    id: 'q_warranty',
    by: 'm_tom',
    ago: [30, 6],
    votes: [4, 0],
    title: 'What does the warranty cover?',
    body: `The buckle on my sternum strap snapped after a few months. Is that covered?`,
    answers: [
      {
        by: 'm_sam',
        after: 3,
        votes: [8, 0],
        accepted: true,
        body: `Sorry about the buckle, Tom! Every Northwind pack comes with the **Northwind Promise**, a lifetime warranty against defects in materials and workmanship, and a buckle that snaps after a few months is covered.

- Defects: repaired or replaced free of charge
- Wear and tear or accidents: we repair at cost

For a buckle you don't even need to send the pack in: ask for spare part \`NW-BKL-25\` through the [warranty form](https://northwind.example/warranty) and we'll post it to you.`,
      },
      {
        by: 'm_tom',
        after: 52,
        votes: [2, 0],
        body: `Update: the replacement arrived in four days and clicked on without tools. Thanks!`,
      },
    ],
  },
  {
    id: 'q_hydration',
    by: 'm_olu',
    ago: [26, 11],
    votes: [3, 0],
    title: 'Is there room for a 3 L hydration bladder?',
    body: `Does the hydration sleeve take a 3 L reservoir, and is there a port for the hose?`,
    answers: [
      {
        by: 'm_ada',
        after: 8,
        votes: [5, 0],
        body: `Yes, a 3 L bladder fits the sleeve inside the back panel. When it's full it bulges into the main compartment a little, so put the bladder in **before** you pack everything else.`,
      },
      {
        by: 'm_ben',
        after: 30,
        votes: [3, 1],
        body: `There are hose ports on **both** sides, so you can route the hose over either shoulder. The sternum strap has a small clip for the bite valve.`,
      },
    ],
  },
  {
    id: 'q_fading',
    by: 'm_lucia',
    ago: [0, 22],
    votes: [1, 0],
    title: 'Does the Ember orange fade in the sun?',
    body: `I love the Ember colour, but my last orange pack turned pinkish after one summer. Any experience with this one?`,
    answers: [],
  },
  {
    id: 'q_weight',
    by: 'm_ada',
    ago: [21, 2],
    votes: [4, 0],
    title: "What's the actual weight without the rain cover?",
    body: `The listing says 1.12 kg. Is that with the rain cover? I'm trying to get my base weight down.`,
    answers: [
      {
        by: 'm_priya',
        after: 5,
        votes: [7, 0],
        accepted: true,
        body: `I weighed mine on a kitchen scale:

- complete: **1,121 g**
- without the rain cover: **1,046 g**
- also without the hip belt (it slides out): **918 g**

So the 1.12 kg on the listing includes everything.`,
      },
      {
        by: 'm_sam',
        after: 9,
        votes: [4, 0],
        body: `Priya's figures match ours: the listed 1.12 kg is the complete pack, including the 75 g rain cover.`,
      },
    ],
  },
  {
    id: 'q_raincover',
    by: 'm_mei',
    ago: [17, 15],
    votes: [2, 0],
    title: 'Can the rain cover be removed completely?',
    body: `Can I take the rain cover off entirely, to wash it or to save weight on dry days?`,
    answers: [
      {
        by: 'm_jonas',
        after: 25,
        votes: [3, 0],
        body: `Yes. It's tied in by a short strap with a buckle inside its pocket under the base. Unclip the buckle and the cover comes out completely.`,
      },
    ],
  },
  {
    id: 'q_ventilation',
    by: 'm_olu',
    ago: [12, 4],
    votes: [5, 0],
    title: 'How sweaty does the back get in summer?',
    body: `I hike in hot, humid weather. How well does the back panel breathe compared with a trampoline-mesh back?`,
    answers: [
      {
        by: 'm_hana',
        after: 3,
        votes: [6, 0],
        body: `It's a suspended mesh panel, so there's an air gap of about 2 cm between your back and the pack. Not quite as airy as a full trampoline back, but far better than foam panels.`,
      },
      {
        by: 'm_erik',
        after: 7,
        votes: [4, 1],
        body: `I still end up with a damp shirt on long climbs at 30 °C, but it dries quickly once the trail flattens out.`,
      },
      {
        by: 'm_priya',
        after: 26,
        votes: [5, 0],
        body: `Two tips for hot days:

1. Loosen the **load lifters** slightly: the pack tilts back and the air gap opens up.
2. Don't overfill the main compartment. A bulging pack presses into the mesh and closes the gap.`,
      },
      {
        by: 'm_noor',
        after: 49,
        votes: [2, 0],
        body: `Better than my old pack, worse than carrying nothing at all 😄`,
      },
      {
        by: 'm_diego',
        after: 75,
        votes: [0, 3],
        body: `Mine is sweaty. Buy a different pack.`,
      },
    ],
  },
  {
    id: 'q_torso',
    by: 'm_aisha',
    ago: [7, 5],
    votes: [2, 0],
    title: 'How do I adjust the torso length?',
    body: `The pack came set to the middle, but the shoulder straps start above my shoulders. How do I move them down?`,
    answers: [
      {
        by: 'm_sam',
        after: 4,
        votes: [3, 0],
        accepted: true,
        body: `The harness slides on a ladder behind the back panel:

1. Open the zip at the top of the back panel.
2. Peel the harness tab off the ladder.
3. Slide the harness down, one rung at a time (each rung is 2.5 cm).
4. Press the tab back down and close the zip.

When it's right, the hip belt sits centred on your hip bones and the shoulder straps wrap over your shoulders without a gap.`,
      },
    ],
  },
  {
    id: 'q_washing',
    by: 'm_grace',
    ago: [9, 18],
    votes: [3, 0],
    escalatedAfterHours: 72,
    title: 'Can I wash it in the washing machine?',
    body: `It got pretty muddy on a trail run. Machine wash, or by hand?`,
    answers: [],
  },
];

// ---- Ideas ----------------------------------------------------------------------------------------
// `ago` is [days, hours] before now. `votes` is how many members besides the author voted (or
// `voters` names them), their votes
// spread evenly from `votedFrom` to `votedTo` days ago (the author's vote is cast with the idea), so
// that `trending` (recent votes weigh more) differs from `top`. `history` entries change the status
// `daysAgo`, by staff (m_sam), with an optional official response. A comment's `after` is days after
// the idea. `mergedInto` marks a duplicate merged into another idea.

const IDEAS = [
  {
    id: 'i_hipbelt_phone',
    by: 'm_liam',
    ago: [56, 4],
    votes: 9,
    votedFrom: 55,
    votedTo: 18,
    title: 'Hip-belt pockets big enough for a phone',
    body: `The hip-belt pockets fit a snack bar and lip balm, but not a phone. I take photos all day and keep having to stop and dig in the lid.

A pocket that takes a 6.7" phone (about 17 × 8 cm) on at least one side would make a big difference.`,
    history: [
      { to: 'under-review', daysAgo: 44 },
      {
        to: 'planned',
        daysAgo: 21,
        response: `Thanks, everyone: this is the most requested change to the Aurora Trail 28. The **2026 edition** gets a stretch-mesh pocket on the right hip-belt wing that takes phones up to 17.5 × 8.5 cm, with a zip that works one-handed. The left pocket stays as it is.`,
      },
    ],
    comments: [
      {
        by: 'm_noor',
        after: 3,
        body: `Yes please. Right now my phone lives in a chest bag, which is one more thing to carry.`,
      },
      {
        by: 'm_sam',
        after: 36,
        body: `Quick update from the design team: the first prototypes are on the shoulders of our testers in the Dolomites this month. We'll post photos when they're back.`,
      },
    ],
  },
  {
    id: 'i_bottle_reach',
    by: 'm_jonas',
    ago: [59, 10],
    votes: 9,
    votedFrom: 58,
    votedTo: 30,
    title: 'Side bottle pocket you can reach while walking',
    body: `The side pockets hold a 1 L bottle well, but I can't get it out or back in without taking the pack off. An angled pocket, or a second opening towards the front, would fix that.`,
    history: [
      { to: 'under-review', daysAgo: 50 },
      {
        to: 'in-progress',
        daysAgo: 33,
        response: `We're changing the side pockets to an angled cut with a higher front edge. Testing it now.`,
      },
      {
        to: 'done',
        daysAgo: 6,
        response: `Shipped! Packs made from **this month** have angled side pockets you can reach while walking. Look for a small bottle icon on the size label. The old pockets can't be retrofitted, sorry.`,
      },
    ],
    comments: [
      {
        by: 'm_priya',
        after: 54,
        body: `Tried one of the new ones last weekend: I can get a 750 ml bottle out and back without breaking stride. A 1 L bottle still needs a bit of a reach.`,
      },
    ],
  },
  {
    id: 'i_colours',
    by: 'm_mei',
    ago: [47, 2],
    votes: 7,
    votedFrom: 46,
    votedTo: 10,
    title: 'More colours: Fjord blue and olive',
    body: `Ember orange and Graphite are nice, but I'd love something in between, like a muted blue or an olive green that doesn't shout on the trail.`,
    history: [
      {
        to: 'under-review',
        daysAgo: 15,
        response: `We're looking at two new colours for next year. Which one would you pick? Tell us in the comments.`,
      },
    ],
    comments: [
      { by: 'm_hana', after: 33, body: `Olive, definitely. Blue shows dirt less though…` },
      { by: 'm_olu', after: 34, body: `Fjord blue! And please keep the reflective details.` },
    ],
  },
  {
    id: 'i_cover_hook',
    by: 'm_priya',
    ago: [38, 7],
    votes: 6,
    votedFrom: 36,
    votedTo: 4,
    title: 'Hook the rain cover to the haul loop',
    body: `In strong wind the rain cover lifts off the top of the pack. A small hook or elastic loop at the top of the cover that clips onto the haul loop would keep it in place.`,
    history: [
      { to: 'planned', daysAgo: 26 },
      {
        to: 'in-progress',
        daysAgo: 9,
        response: `The new rain cover has an elastic top loop and a toggle. It goes into production with the spring batch, and will be sold separately for older packs too.`,
      },
    ],
    comments: [],
  },
  {
    id: 'i_laptop_16',
    by: 'm_ben',
    ago: [32, 15],
    votes: 4,
    votedFrom: 31,
    votedTo: 20,
    title: 'Make the laptop sleeve fit 16-inch laptops',
    body: `My work laptop is 16". Everything else about the pack is perfect for commuting.`,
    history: [
      {
        to: 'declined',
        daysAgo: 24,
        response: `Thanks for the suggestion, Ben. A 16" sleeve would need a taller back panel, and the Aurora Trail 28 would no longer fit most airline sizers, which many of you rely on. Our **Metro 30** takes 16" laptops.`,
      },
    ],
    comments: [
      {
        by: 'm_kai',
        after: 9,
        body: `Understandable. I'd rather keep the carry-on size.`,
      },
    ],
  },
  {
    id: 'i_womens_fit',
    by: 'm_aisha',
    ago: [27, 20],
    votes: 8,
    votedFrom: 20,
    votedTo: 1,
    title: "A women's-specific harness",
    body: `Even at the lowest setting the shoulder straps are a bit wide for me. Curved straps and a shorter back length option would help a lot of smaller hikers.`,
    history: [
      { to: 'under-review', daysAgo: 22 },
      {
        to: 'beta',
        daysAgo: 5,
        response: `Twenty testers are now carrying a harness with **S-curved straps** and a back length from 36 cm. If you'd like to join the beta, write to us through the warranty form with "harness beta" in the subject.`,
      },
    ],
    comments: [
      {
        by: 'm_lucia',
        after: 23,
        body: `I'm one of the testers: the curved straps are a big improvement, no more rubbing at the collarbone.`,
      },
    ],
  },
  {
    id: 'i_repair_kit',
    by: 'm_tom',
    ago: [21, 9],
    votes: 3,
    votedFrom: 19,
    votedTo: 12,
    title: 'Sell a repair kit with spare buckles',
    body: `After my sternum buckle broke I'd have liked to have a spare. A small kit with a buckle of each size, a zip puller and a ripstop patch would be great.`,
    history: [{ to: 'planned', daysAgo: 14 }],
    comments: [],
  },
  {
    id: 'i_pole_holder',
    by: 'm_erik',
    ago: [12, 6],
    votes: 6,
    votedFrom: 6,
    votedTo: 0,
    title: 'Ice-axe loop and trekking-pole holder',
    body: `For shoulder-season hikes I carry poles and sometimes a light axe. A loop at the bottom and a bungee at the top, like on most alpine packs, would do.`,
    history: [],
    comments: [
      {
        by: 'm_hana',
        after: 8,
        body: `+1, and please make the bungee removable for the rest of the year.`,
      },
    ],
  },
  {
    id: 'i_bike_light',
    by: 'm_kai',
    ago: [3, 11],
    votes: 2,
    votedFrom: 2,
    votedTo: 0,
    title: 'A loop for a bike light',
    body: `I cycle to work with the pack. A small loop on the back panel for a rear light would make me more visible.`,
    history: [],
    comments: [],
  },
  {
    id: 'i_phone_pocket',
    by: 'm_grace',
    ago: [10, 3],
    // Chosen so that the merge shows its arithmetic: m_grace and m_diego voted on both ideas.
    voters: ['m_diego', 'm_sofia', 'm_noor'],
    votedFrom: 9,
    votedTo: 7,
    mergedInto: 'i_hipbelt_phone',
    title: 'Phone pocket on the hip belt',
    body: `Please add a pocket for my phone on the hip belt!`,
    history: [],
    comments: [
      {
        by: 'm_diego',
        after: 1,
        body: `Same. I keep my phone in my trouser pocket and it's always in the way.`,
      },
    ],
  },
];

// ---- Reviews --------------------------------------------------------------------------------------
// Plain text (blank lines between paragraphs). `ago` is [days, hours] before now; `votes` is [helpful,
// not helpful]; `verified` means the member bought the product (the token's `purchases` claim); a
// `reply` is the staff member's, `after` hours after the review.

const REVIEWS = [
  {
    product: TOPIC,
    prefix: 'aurora',
    reviews: [
      {
        by: 'm_priya',
        ago: [58, 4],
        rating: 5,
        verified: true,
        votes: [11, 0],
        title: 'Two seasons of guiding, still going strong',
        body: `I've carried this pack on about sixty guided days in the Lake District. The back system is the best I've used at this size: the mesh keeps a gap between you and the pack, and the hip belt carries the load instead of your shoulders.

After two seasons the only wear is a little fuzz on the base. Zips, buckles and stitching are all as new.`,
      },
      {
        by: 'm_jonas',
        ago: [49, 2],
        rating: 4,
        verified: true,
        votes: [7, 1],
        title: 'Great pack, bring a liner',
        body: `Walked the West Highland Way with it in May. Comfortable from the first day, and 28 litres was just right for hut-to-hut with a light sleeping bag.

One star off because it isn't waterproof: the rain cover works, but on the wettest day the hip-belt pockets got soaked. Pack your things in a liner and you'll be fine.`,
        reply: {
          after: 20,
          body: `Thanks for taking it along the West Highland Way, Jonas! You're right that the cover doesn't reach the hip-belt pockets. A phone pocket on the belt, under the cover, is on our ideas board, so watch that space.`,
        },
      },
      {
        by: 'm_mei',
        ago: [44, 7],
        rating: 5,
        verified: true,
        votes: [9, 0],
        title: 'Finally a pack that fits a short back',
        body: `I'm 157 cm and most packs ride on my waist. On the lowest harness setting this one sits right on my hips. Adjusting it took two minutes with the guide printed inside the lid.`,
      },
      {
        by: 'm_ben',
        ago: [39, 15],
        rating: 3,
        verified: true,
        votes: [4, 2],
        title: 'Good for hiking, so-so for commuting',
        body: `I bought it as a commute-plus-weekend pack. On the trail it's excellent. For the office it's a bit tall, and the laptop sleeve has no padding at the bottom edge, so my laptop travels in a sleeve of its own.

If you mostly commute, look at something smaller.
If you mostly hike, go for it.`,
        reply: {
          after: 9,
          body: `Thanks for the honest review, Ben. The sleeve hangs 3 cm above the base so the laptop never touches the ground when you put the pack down, but we've passed your note about padding on to the design team.`,
        },
      },
      {
        by: 'm_aisha',
        ago: [34, 6],
        rating: 4,
        verified: false,
        votes: [5, 0],
        title: 'Passed the budget-airline sizer',
        body: `Flew twice with it as my only bag. With the side straps tight and the front pocket empty it fit the 55 × 40 × 20 cm sizer both times. Lots of small pockets, so nothing ends up lost at the bottom.`,
      },
      {
        by: 'm_lucia',
        ago: [30, 10],
        rating: 5,
        verified: true,
        votes: [8, 0],
        title: 'Comfortable all day',
        body: `Did a 24 km day in the Picos de Europa with about 7 kg. No hot spots on the shoulders, no sore hips, and the ventilated back meant my shirt was only damp, not soaked.

The bottle pockets are reachable without taking the pack off, which sounds small but matters.`,
      },
      {
        by: 'm_diego',
        ago: [27, 3],
        rating: 2,
        verified: false,
        votes: [2, 5],
        title: 'Not waterproof',
        body: `Got caught in a storm and my spare jacket got wet. For this price I expected a waterproof pack.`,
        reply: {
          after: 5,
          body: `Sorry about the wet jacket, Diego. The Aurora Trail 28 is water-resistant rather than waterproof (the seams aren't taped), which is why it comes with a rain cover in the zip pocket under the base. If anything was damaged, write to us through the warranty form and we'll sort it out.`,
        },
      },
      {
        by: 'm_hana',
        ago: [24, 18],
        rating: 4,
        verified: true,
        votes: [6, 0],
        title: 'Well made, a bit heavy',
        body: `Beautifully finished: bar-tacked stress points, smooth zips, no loose threads. At about 1.3 kg it isn't light for 28 litres, though. The frame and the ventilated back cost weight, and for me the comfort is worth it.`,
      },
      {
        by: 'm_erik',
        ago: [20, 9],
        rating: 5,
        verified: true,
        votes: [5, 0],
        title: 'Winter-proof',
        body: `Used it on snowshoe tours at -15 °C. The buckles work with gloves on and the fabric didn't stiffen. I'd love an ice-axe loop (there's an idea for that on the board), but otherwise it's perfect.`,
      },
      {
        by: 'm_olu',
        ago: [16, 12],
        rating: 3,
        verified: true,
        votes: [3, 1],
        title: 'Hip belt too long for me',
        body: `I have a slim waist (68 cm), and even fully cinched the belt straps flap around. I tucked the ends in with elastic bands. Otherwise a solid pack, and the colours are great.`,
      },
      {
        by: 'm_noor',
        ago: [12, 5],
        rating: 4,
        verified: false,
        votes: [4, 0],
        title: 'The rain cover is a clever touch',
        body: `I love that the rain cover has its own pocket and a loop to hook it onto the haul loop: it stayed on in a windy downpour on Snowdon. The front stretch pocket is great for a wet jacket.`,
      },
      {
        by: 'm_kai',
        ago: [8, 14],
        rating: 5,
        verified: true,
        votes: [3, 0],
        title: 'My daily bike commute pack',
        body: `Laptop, lunch and a change of clothes, and it still doesn't swing on the bike. The reflective tab is small, so I added a clip-on light.`,
      },
      {
        by: 'm_sofia',
        ago: [5, 2],
        rating: 4,
        verified: true,
        votes: [1, 0],
        title: 'Check the colour',
        body: `Glacier blue is lighter in person than in the photos. Still pretty! The pack itself is comfortable and roomy enough for a day hike with my kid's things as well.`,
      },
      {
        by: 'm_tom',
        ago: [2, 20],
        rating: 3,
        verified: false,
        votes: [0, 1],
        title: 'Buckle broke after three months',
        body: `The sternum-strap buckle snapped when I closed it in the cold. Northwind sent a new one free under the lifetime warranty within a week, so no complaints about the service. A spare in the box would have been nice.`,
        reply: {
          after: 14,
          body: `Glad the replacement arrived quickly, Tom. A repair kit with spare buckles is now planned (see the ideas board), and everyone who had a buckle replaced will get one.`,
        },
      },
    ],
  },
  {
    product: 'trail-poles-carbon',
    prefix: 'poles',
    reviews: [
      {
        by: 'm_priya',
        ago: [40, 3],
        rating: 5,
        verified: true,
        votes: [6, 0],
        title: 'Light and stiff',
        body: `At 220 g a pole they vanish in the hand, but they don't flex when I lean on them on descents. The flick-lock clamps hold even when wet.`,
      },
      {
        by: 'm_erik',
        ago: [33, 8],
        rating: 4,
        verified: true,
        votes: [4, 0],
        title: 'Great, but the tips wear fast',
        body: `The carbon shafts are superb. The tungsten tips lost their bite on granite after about 400 km; replacements are cheap and easy to fit.`,
      },
      {
        by: 'm_liam',
        ago: [21, 6],
        rating: 5,
        verified: false,
        votes: [2, 0],
        title: 'Packs down small',
        body: `They fold to 38 cm, so they fit inside my Aurora Trail 28 on the bus to the trailhead.`,
      },
      {
        by: 'm_grace',
        ago: [14, 19],
        rating: 3,
        verified: true,
        votes: [3, 1],
        title: 'Lovely grips, the straps rub',
        body: `The cork grips feel great, but the wrist straps rubbed my wrists raw on a long day.

Now I hike without the straps.`,
        reply: {
          after: 11,
          body: `Thanks, Grace. The straps adjust in width: loosen the buckle under the grip and thread the strap flatter. If they still rub, we'll swap them for the padded straps free of charge.`,
        },
      },
      {
        by: 'm_jonas',
        ago: [6, 4],
        rating: 4,
        verified: true,
        votes: [1, 0],
        title: 'Saved my knees on the descents',
        body: `Worth it on long descents. One section stuck after a muddy day; rinsing it in a stream fixed it.`,
      },
    ],
  },
  {
    product: 'summit-rain-shell',
    prefix: 'shell',
    reviews: [
      {
        by: 'm_lucia',
        ago: [37, 5],
        rating: 4,
        verified: true,
        votes: [5, 0],
        title: 'Dry through a full day of rain',
        body: `Three layers, taped seams and a hood that turns with your head. I stayed dry through eight hours of rain in Asturias. The pit zips are too short to vent much on climbs.`,
      },
      {
        by: 'm_ada',
        ago: [26, 13],
        rating: 5,
        verified: true,
        votes: [3, 0],
        title: 'Packs into its own pocket',
        body: `It folds into the chest pocket and weighs under 400 g, so it lives in my pack. The hood fits over a climbing helmet.`,
      },
      {
        by: 'm_olu',
        ago: [18, 2],
        rating: 2,
        verified: false,
        votes: [2, 1],
        title: 'Runs small',
        body: `I ordered my usual L and couldn't lift my arms without the hem riding up. Returning it for an XL. Good fabric, though.`,
        reply: {
          after: 7,
          body: `Sorry it didn't fit, Olu. The Summit shell is cut close for climbing, so most people between sizes go one up. The size guide says so now, and the exchange is free.`,
        },
      },
      {
        by: 'm_hana',
        ago: [9, 16],
        rating: 3,
        verified: true,
        votes: [1, 0],
        title: 'Good shell, crinkly fabric',
        body: `It's waterproof and light, but the fabric is noisy when you move. Fine on the hill, a bit much around town.`,
      },
    ],
  },
];

// ---- Deterministic helpers ------------------------------------------------------------------------

/** mulberry32: a tiny seeded PRNG, so the same voters are picked on every run. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(28);

function shuffled(items) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

// Round to the minute: reruns within a minute give identical output.
const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const HOUR = 3_600_000;
const iso = (ms) => new Date(ms).toISOString();

// ---- Build ----------------------------------------------------------------------------------------

const memberById = new Map(MEMBERS.map((m) => [m.id, m]));
const earned = new Map(MEMBERS.map((m) => [m.id, 0]));
const earn = (memberId, points) => earned.set(memberId, earned.get(memberId) + points);

function member(id) {
  const m = memberById.get(id);
  if (!m) throw new Error(`Unknown member ${id}`);
  return m;
}

const votes = [];

/** Picks `up` + `down` distinct voters other than the author and records their votes. */
function castVotes(targetType, targetId, authorId, [up, down]) {
  const voters = shuffled(MEMBERS.map((m) => m.id).filter((id) => id !== authorId));
  if (up + down > voters.length) throw new Error(`Too many votes on ${targetId}`);
  voters
    .slice(0, up)
    .forEach((memberId) => votes.push({ memberId, targetType, targetId, value: 1 }));
  voters
    .slice(up, up + down)
    .forEach((memberId) => votes.push({ memberId, targetType, targetId, value: -1 }));
  return { score: up - down, upvotes: up, downvotes: down, myVote: 0 };
}

const questions = [];
const answers = [];

for (const q of QUESTIONS) {
  member(q.by);
  const createdMs = NOW - (q.ago[0] * 24 + q.ago[1]) * HOUR;
  const accepted = q.answers.filter((a) => a.accepted);
  if (accepted.length > 1) throw new Error(`${q.id} has more than one accepted answer`);

  let activeMs = createdMs;
  let acceptedAnswerId = null;
  q.answers.forEach((a, index) => {
    const author = member(a.by);
    const id = `${q.id.replace(/^q_/, 'a_')}_${index + 1}`;
    const answerMs = createdMs + a.after * HOUR;
    if (answerMs > NOW) throw new Error(`${id} would be written in the future`);
    activeMs = Math.max(activeMs, answerMs);
    if (a.accepted) acceptedAnswerId = id;
    const counts = castVotes('answer', id, a.by, a.votes);
    earn(a.by, a.votes[0] * POINTS.answerUp + a.votes[1] * POINTS.answerDown);
    if (a.accepted) earn(a.by, POINTS.accepted);
    answers.push({
      id,
      questionId: q.id,
      author: author.id,
      bodySource: a.body,
      createdAt: iso(answerMs),
      visibility: 'visible',
      ...counts,
      accepted: !!a.accepted,
    });
  });

  const counts = castVotes('question', q.id, q.by, q.votes);
  earn(q.by, q.votes[0] * POINTS.questionUp + q.votes[1] * POINTS.questionDown);
  questions.push({
    id: q.id,
    topic: TOPIC,
    title: q.title,
    author: q.by,
    bodySource: q.body,
    createdAt: iso(createdMs),
    visibility: 'visible',
    ...counts,
    answerCount: q.answers.length,
    acceptedAnswerId,
    activeAt: iso(activeMs),
    escalatedAt:
      q.escalatedAfterHours !== undefined ? iso(createdMs + q.escalatedAfterHours * HOUR) : null,
  });
}

// ---- Ideas: build ---------------------------------------------------------------------------------

const DAY = 24 * HOUR;
const ideaVotes = []; // { memberId, targetType: 'idea', targetId, value: 1, createdAt }
const ideaComments = [];
const statusChanges = [];
const follows = new Map(); // ideaId → Set of member ids
const follow = (ideaId, memberId) => {
  if (!follows.has(ideaId)) follows.set(ideaId, new Set());
  follows.get(ideaId).add(memberId);
};
const ideaById = new Map();

for (const idea of IDEAS) {
  member(idea.by);
  const createdMs = NOW - (idea.ago[0] * 24 + idea.ago[1]) * HOUR;
  ideaById.set(idea.id, { ...idea, createdMs, status: 'open', upvotes: 0 });
  // The author votes and follows on submitting; the others in an even spread over the given days.
  ideaVotes.push({
    memberId: idea.by,
    targetType: 'idea',
    targetId: idea.id,
    value: 1,
    createdAt: iso(createdMs),
  });
  follow(idea.id, idea.by);
  const others = MEMBERS.map((m) => m.id).filter((id) => id !== idea.by && id !== STAFF);
  const voters = idea.voters ?? shuffled(others).slice(0, idea.votes);
  if (voters.length !== new Set(voters).size || voters.some((id) => !others.includes(id)))
    throw new Error(`Unusable voters on ${idea.id}`);
  voters.forEach((memberId, i) => {
    const days =
      idea.votedFrom - ((idea.votedFrom - idea.votedTo) * i) / Math.max(1, voters.length - 1);
    const at = Math.max(createdMs + HOUR, NOW - days * DAY - (i % 5) * HOUR);
    if (at > NOW) throw new Error(`A vote on ${idea.id} would be cast in the future`);
    ideaVotes.push({
      memberId,
      targetType: 'idea',
      targetId: idea.id,
      value: 1,
      createdAt: iso(at),
    });
    follow(idea.id, memberId);
  });
  idea.comments.forEach((c, index) => {
    member(c.by);
    const at = createdMs + c.after * DAY;
    if (at > NOW) throw new Error(`A comment on ${idea.id} would be written in the future`);
    ideaComments.push({
      id: `${idea.id.replace(/^i_/, 'ic_')}_${index + 1}`,
      ideaId: idea.id,
      author: c.by,
      bodySource: c.body,
      createdAt: iso(at),
      visibility: 'visible',
    });
    follow(idea.id, c.by);
  });
  let status = 'open';
  for (const change of idea.history) {
    const at = NOW - change.daysAgo * DAY;
    if (at < createdMs) throw new Error(`${idea.id} changes status before it was submitted`);
    statusChanges.push({
      ideaId: idea.id,
      from: status,
      to: change.to,
      at,
      response: change.response,
    });
    status = change.to;
  }
  ideaById.get(idea.id).status = status;
}

// Merges: the duplicate's votes move to the original (one vote per member), its comments and
// followers too.
for (const duplicate of IDEAS.filter((idea) => idea.mergedInto)) {
  const original = ideaById.get(duplicate.mergedInto);
  if (!original || original.mergedInto)
    throw new Error(`${duplicate.id} merges into an unknown idea`);
  const onOriginal = new Set(
    ideaVotes.filter((v) => v.targetId === original.id).map((v) => v.memberId),
  );
  for (let i = ideaVotes.length - 1; i >= 0; i--) {
    const v = ideaVotes[i];
    if (v.targetId !== duplicate.id) continue;
    if (onOriginal.has(v.memberId)) ideaVotes.splice(i, 1);
    else v.targetId = original.id;
  }
  for (const c of ideaComments.filter((c) => c.ideaId === duplicate.id)) {
    c.ideaId = original.id;
    c.fromIdeaId = duplicate.id;
  }
  for (const memberId of follows.get(duplicate.id) ?? []) follow(original.id, memberId);
}

// Nobody holds more votes than the budget on ideas still open to votes.
const held = new Map();
for (const v of ideaVotes) {
  const idea = ideaById.get(v.targetId);
  if (idea.mergedInto || ['done', 'declined'].includes(idea.status)) continue;
  held.set(v.memberId, (held.get(v.memberId) ?? 0) + 1);
  if (held.get(v.memberId) > VOTE_BUDGET)
    throw new Error(`${v.memberId} holds more than ${VOTE_BUDGET} votes`);
}
ideaVotes.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
statusChanges.sort((a, b) => a.at - b.at);

// ---- Reviews: build -------------------------------------------------------------------------------

const reviewDrafts = [];
for (const { product, prefix, reviews: list } of REVIEWS) {
  const reviewers = new Set();
  for (const r of list) {
    member(r.by);
    if (r.by === STAFF) throw new Error(`Staff do not review (${product})`);
    if (reviewers.has(r.by)) throw new Error(`${r.by} reviews ${product} twice`);
    reviewers.add(r.by);
    if (![1, 2, 3, 4, 5].includes(r.rating)) throw new Error(`A rating of ${r.rating} stars`);
    const id = `r_${prefix}_${r.by.replace(/^m_/, '')}`;
    const createdMs = NOW - (r.ago[0] * 24 + r.ago[1]) * HOUR;
    const replyMs = r.reply ? createdMs + r.reply.after * HOUR : null;
    if (replyMs !== null && replyMs > NOW)
      throw new Error(`The reply to ${id} would be in the future`);
    const counts = castVotes('review', id, r.by, r.votes);
    earn(r.by, r.votes[0] * POINTS.reviewHelpful);
    reviewDrafts.push({ id, product, r, createdMs, replyMs, counts });
  }
}

/** @type {import('../src/core/types.ts').MemberSummary[]} */
const members = MEMBERS.map((m) => {
  const reputation = m.base + earned.get(m.id);
  return {
    id: m.id,
    name: m.name,
    roles: m.roles,
    reputation,
    trustLevel: trustLevelFor(m, reputation),
  };
});
const summaryById = new Map(members.map((m) => [m.id, m]));

/** Replaces the author id with the member's summary and renders the Markdown body. */
async function finish(post) {
  const bodyHtml = await renderMarkdown(post.bodySource);
  if (typeof bodyHtml !== 'string' || !bodyHtml)
    throw new Error(`renderMarkdown gave no HTML for ${post.id}`);
  return { ...post, author: summaryById.get(post.author), bodyHtml };
}

// Newest first, like the element's `newest` sort; answers by question, then oldest first.
questions.sort((a, b) => b.createdAt.localeCompare(a.createdAt));

const rendered = async (markdown) => {
  const html = await renderMarkdown(markdown);
  if (typeof html !== 'string' || !html)
    throw new Error(`renderMarkdown gave no HTML for ${markdown}`);
  return html;
};
const staff = summaryById.get(STAFF);

/** @type {import('../src/adapters/memory.ts').MemorySeed['ideaStatusChanges']} */
const ideaStatusChanges = await Promise.all(
  statusChanges.map(async ({ ideaId, from, to, at, response }) => ({
    ideaId,
    from,
    to,
    ...(response && {
      response: { bodyHtml: await rendered(response), author: staff, createdAt: iso(at) },
    }),
    changedAt: iso(at),
    changedBy: staff,
  })),
);

const ideas = await Promise.all(
  [...ideaById.values()]
    .sort((a, b) => b.createdMs - a.createdMs)
    .map(async (idea) => {
      const upvotes = ideaVotes.filter((v) => v.targetId === idea.id).length;
      const responses = ideaStatusChanges.filter((c) => c.ideaId === idea.id && c.response);
      return finish({
        id: idea.id,
        board: BOARD,
        title: idea.title,
        author: idea.by,
        bodySource: idea.body,
        createdAt: iso(idea.createdMs),
        visibility: 'visible',
        status: idea.status,
        score: upvotes,
        upvotes,
        downvotes: 0,
        myVote: 0,
        commentCount: ideaComments.filter((c) => c.ideaId === idea.id).length,
        officialResponse: responses.at(-1)?.response ?? null,
        mergedInto: idea.mergedInto ?? null,
      });
    }),
);

/** @type {import('../src/core/types.ts').Review[]} */
const reviews = reviewDrafts
  .sort((a, b) => b.createdMs - a.createdMs)
  .map(({ id, product, r, createdMs, replyMs, counts }) => ({
    id,
    product,
    author: summaryById.get(r.by),
    rating: r.rating,
    title: r.title,
    body: r.body,
    bodyHtml: plainTextToHtml(r.body),
    createdAt: iso(createdMs),
    visibility: 'visible',
    ...counts,
    verifiedPurchase: r.verified,
    photos: [],
    reply: r.reply
      ? {
          body: r.reply.body,
          bodyHtml: plainTextToHtml(r.reply.body),
          author: staff,
          createdAt: iso(replyMs),
        }
      : null,
  }));

const seed = {
  members,
  questions: await Promise.all(questions.map(finish)),
  answers: await Promise.all(answers.map(finish)),
  votes: [...votes, ...ideaVotes],
  boards: [{ slug: BOARD, voteBudget: VOTE_BUDGET, statuses: BOARD_STATUSES }],
  ideas,
  ideaComments: await Promise.all(ideaComments.map(finish)),
  ideaStatusChanges,
  followers: [...follows].flatMap(([ideaId, members]) =>
    [...members].map((memberId) => ({ ideaId, memberId })),
  ),
  reviews,
};

const header = `/**
 * Demo seed for the memory adapter (\`MemorySeed\`): Q&A, ideas and reviews about the Aurora Trail 28
 * backpack, and reviews of two related products.
 * GENERATED — do not edit by hand. Regenerate with:
 *
 *   node --import tsx scripts/build-seed.mjs
 *
 * Timestamps are relative to when it was generated; everything else is deterministic.
 */
`;
const type = `/** @type {import('../src/adapters/memory.js').MemorySeed} */\n`;
const source = `${header}${type}export default ${JSON.stringify(seed, null, 2)};\n`;
// The project's Prettier config when there is one; otherwise the house style of src/.
const options = (await prettier.resolveConfig(OUT)) ?? { singleQuote: true, printWidth: 100 };
await writeFile(OUT, await prettier.format(source, { ...options, filepath: OUT }));

console.log(
  `Wrote ${OUT}: ${members.length} members, ${questions.length} questions, ${answers.length} answers, ${votes.length} votes; ` +
    `${ideas.length} ideas, ${seed.ideaComments.length} idea comments, ${ideaStatusChanges.length} status changes, ` +
    `${ideaVotes.length} idea votes, ${seed.followers.length} follows; ` +
    `${reviews.length} reviews of ${new Set(reviews.map((r) => r.product)).size} products.`,
);
