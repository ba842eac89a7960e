"""Which misspellings count as typos of a curriculum word, and finding them fast.

A word is read as a typo of a label word only when all of these hold:

* it is not itself a word the matcher knows (a word of the curriculum's own
  text, of a label, or of the vocabulary of things outside the curriculum):
  a correctly spelt word is not a typo of another one ("version" is not
  "vision", "FastAPI" is not "FastAI");
* the two differ by at most :func:`budget` edits (insertion, deletion,
  substitution, or swapping two neighbours: optimal string alignment), and
  a word of four letters or fewer admits none ("lean" is not "learn", "Dash"
  is not "Dask");
* the first letters agree: misspellings rarely start wrong, while names that
  differ in their first letter often are different names ("Looker" is not
  "Docker");
* it is not the verb of a label word that is an agent noun: "recommend" is
  no typo of "recommender", nor "transform" of "transformer" (seventh
  round: "recommend a book", "recommend a coursera course" were read as
  recommendation systems);
* if the word is written with capitals inside it ("PyToch", "FastAPI"), its
  capitals are those of the label as the curriculum writes it: such a
  spelling is deliberate.

Candidates are found with a deletion index (the symmetric-delete method):
every label word is stored under each string obtained by deleting up to two
of its letters after the first, and a query word looks up its own deletions,
so no word is compared with the whole vocabulary.
"""

from __future__ import annotations

__all__ = ["budget", "distance", "capitals", "other_form", "DeletionIndex", "LONGEST_INDEXED", "ShortNames", "ENGLISH_FOUR"]

_MAX_BUDGET = 2
#: Longer spellings (joined multi-word labels such as "awscertifiedmachinelearningspecialty")
#: are left out of the index: nobody misspells them as one word, and their
#: deletions would make up most of it.
LONGEST_INDEXED = 20


def budget(length: int) -> int:
    """Edits a word of ``length`` letters may carry and still be read as a typo."""
    if length <= 4:
        return 0
    return 1 if length <= 8 else _MAX_BUDGET


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance of ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1] if previous[-1] <= limit else limit + 1


#: Endings that make an agent noun of a verb: "recommend" -> "recommender", "transform" -> "transformer".
_AGENT_ENDINGS = ("r", "er", "ers", "or", "ors")


def other_form(word: str, candidate: str) -> bool:
    """``candidate`` is ``word`` with an agent ending: the verb of a label's noun ("recommend" of
    "recommender", "transform" of "transformer"), a correctly written word, not a typo."""
    return candidate.startswith(word) and candidate[len(word):] in _AGENT_ENDINGS


def capitals(written: str) -> str:
    """The capital letters of ``written`` after its first letter: "PyTorch" -> "T", "FastAPI" -> "API"."""
    return "".join(c for c in written[1:] if c.isupper())


def _deletions(word: str, depth: int) -> set[str]:
    """``word`` with up to ``depth`` letters deleted, never the first (by slicing: cheap enough to index)."""
    found = {word}
    layer = {word}
    for _ in range(depth):
        layer = {w[:i] + w[i + 1:] for w in layer for i in range(1, len(w))}
        found |= layer
    return found


class DeletionIndex:
    """Label words by their deletions; :meth:`near` gives the words within budget of a query."""

    def __init__(self, words):
        self._by_deletion: dict[str, set[str]] = {}
        for word in words:
            if len(word) > LONGEST_INDEXED:
                continue
            for key in _deletions(word, budget(len(word))):
                self._by_deletion.setdefault(key, set()).add(word)

    def near(self, word: str) -> list[tuple[str, int]]:
        """``(label word, edits)`` for every label word ``word`` may be a typo of, nearest first."""
        found = set()
        for key in _deletions(word, budget(len(word))):
            found.update(self._by_deletion.get(key, ()))
        near = []
        for candidate in found:
            if candidate == word or candidate[:1] != word[:1] or other_form(word, candidate):
                continue
            limit = budget(min(len(word), len(candidate)))
            edits = distance(word, candidate, limit)
            if 0 < edits <= limit:
                near.append((candidate, edits))
        return sorted(near, key=lambda item: (item[1], item[0]))


#: Common English words of four letters, which are never read as a typo of a short name ("lord" is no
#: "LoRA", "wand" no "wandb", "coda" no "CUDA", "bath" no "bash").  Judged as English, word by word,
#: not from any name list or corpus; the matcher's own known words (the curriculum's text) are added.
ENGLISH_FOUR = frozenset("""
able ache acid acre aged aide aims airs akin alas ally also alto amid anew ankle arch area aria arms army arts
aunt auto avid away awes awls axes axis axle baby back bade bail bait bake bald bale ball band bane bang bank
bare bark barn base bash bask bass bast bath bats bead beak beam bean bear beat beck beds beef been beer bees
bell belt bend bent best bets bias bike bile bill bind bird bite bits blew blob bloc blot blow blue blur boar
boat body boil bold bolt bomb bond bone book boom boon boot bore born boss both bout bowl boys brag brew brim
brow buck buds bulb bulk bull bump bunk burn bury bush bust busy buys buzz cafe cage cake calf call calm came
camp cane cans cape caps card care cars cart case cash cast cats cave cell cent chat chef chin chip chop cite
city clad clam clan clap claw clay clip clog club clue coal coat coda code coil coin coke cola cold colt comb
come cone cook cool cope copy cord core cork corn cost cosy coup cove cows crab crew crib crop crow cube cuff
cult cups curb cure curl cute dame damp dare dark darn dart dash data date dawn days dead deaf deal dean dear
debt deck deed deem deep deer demo dent deny desk dial dice died diet digs dime dine dire dirt disc dish disk
dive dock does dogs doll dome done doom door dose dots dove down doze drag draw drew drip drop drum dual duck
duct dude duel dues duke dull duly dumb dump dune dusk dust duty each earn ears ease east easy eats echo edge
edit eggs else emit envy epic even ever evil exam exit eyes face fact fade fail fair fake fall fame fans fare
farm fast fate fear feat feed feel fees feet fell felt fern fest feud file fill film find fine fire firm fish
fist fits five flag flak flap flat flaw flea fled flee flew flip flop flow foam foes fold folk fond font food
fool foot ford fore fork form fort foul four fowl free frog from fuel full fume fund fuse fuss gain gait gala
gale gall game gang gaps garb gate gave gaze gear gems gene gift gild gilt girl gist give glad glee glow glue
goal goat goes gold golf gone good gore gown grab gram gran gray grew grey grid grim grin grip grit grow grub
gulf gull gush guts hail hair half hall halt hand hang hard hare harm harp hash hate haul have hawk haze hazy
head heal heap hear heat heed heel held hell helm help herb herd here hero hide high hike hill hilt hint hire
hold hole holy home hood hook hope horn hose host hour huge hull hung hunt hurt hush hymn icon idea idle idol
inch info into iron isle item jail jars jaws jazz jeep jest jobs join joke jolt jump june junk jury just keen
keep kept kick kids kill kind king kiss kite knee knew knit knob knot know lace lack lady laid lake lamb lame
lamp land lane laps lard lark last late lawn laws lazy lead leaf leak lean leap left lend lens lent less lest
liar lice lick lids lied lies life lift like lily limb lime limp line link lint lion lips lira list live load
loaf loan lock loft logo lone long look loop loot lord lore lorn lose loss lost loud love lube luck lump lung
lure lush lust made maid mail main make male mall malt mane many maps mare mark mars mash mask mass mast mate
maze mead meal mean meat meek meet melt memo mend menu mere mesh mess mice mild mile milk mill mime mind mine
mint miss mist mitt moan moat mock mode mold mole monk mood moon moor more moss most moth move much mule muse
must mute myth nail name navy near neat neck need nest news next nice nine node none noon norm nose note noun
nude odds oils okay omen omit once ones only onto open oral oven over owed owls owns pace pack pact page paid
pail pain pair pale palm pane pans park part pass past path peak peal pear peas peck peel peer pelt pens pest
pets pick pier pile pill pine pink pint pipe pits pity plan plat play plea plot plow ploy plug plum plus pods
poem poet pole poll polo pond pony pool poor pope pore pork port pose post pour pray prey prim prod prom prop
pros pull pulp pump punk pure push puts quit quiz race rack raft rage raid rail rain rake ramp rang rank rare
rash rate rats rave rays read real ream reap rear reed reef reel rely rent rest rice rich ride rift ring riot
ripe rise risk rite road roam roar robe rock rode role roll roof room root rope rose rosy rote ruby rude rugs
ruin rule rung runs rush rust sack safe saga sage said sail sake sale salt same sand sane sang sank save scan
scar seal seam seas seat sect seed seek seem seen self sell semi send sent sets sewn shed shin ship shoe shop
shot show shut sick side sift sigh sign silk sill sing sink sips site size skin skip slab slam slap sled slew
slid slim slip slit slot slow slug snap snow soak soap soar sock soda sofa soft soil sold sole solo some song
soon soot sore sort soul soup sour span spar spin spit spot spur stab stag star stay stem step stew stir stop
stub such suck suit sung sunk sure surf swan swap sway swim tack tact tail take tale talk tall tame tank tape
taps tart task taxi team tear tech tell temp tend tent term test text than that thaw them then they thin this
thus tick tide tidy tied tier ties tile till tilt time tint tiny tips tire toad told toll tomb tone took tool
tops tore torn toss tour town toys tram trap tray tree trek trim trio trip trot true tube tuck tuna tune turf
turn twin type ugly undo unit upon urge used user uses vain vale vane vary vase vast veil vein vent verb very
vest veto vial vice view vile vine visa void vote wade wage wail wait wake walk wall wand want ward warm warn
warp wary wash wasp wave wavy ways weak wear webs weed week weep weld well went were west what when whim whip
whom wick wide wife wild will wilt wily wind wine wing wink wipe wire wise wish with wits woke wolf womb wood
wool word wore work worm worn wove wrap wren yard yarn yawn year yell yoga yoke your zeal zero zinc zone zoom
""".split())

#: A short name is at most this long; a typo of it is a word of exactly four letters (one edit away).
SHORTEST_TYPO, LONGEST_SHORT_NAME = 4, 5


class ShortNames:
    """Short names (three to five letters: "bash", "keras", "sql") by their one-edit neighbours of four
    letters, for the one case :func:`budget` leaves out: a four-letter word one edit from a short name.

    :meth:`near` reads a word as a typo only when exactly one short name is within one edit and the
    word is not English (``english``: :data:`ENGLISH_FOUR` and the matcher's known words): "Bsah" is
    Bash and "Kers" Keras, while "bath" stays a bath and "Dask"/"Dash" never meet (both are known)."""

    def __init__(self, names, english):
        self._names = {n for n in names if n.isalpha() and 3 <= len(n) <= LONGEST_SHORT_NAME}
        self._english = frozenset(english) | ENGLISH_FOUR
        self._by_deletion: dict[str, set[str]] = {}
        for name in self._names:
            for key in _deletions(name, 1):
                self._by_deletion.setdefault(key, set()).add(name)

    def near(self, word: str) -> list[tuple[str, int]]:
        """``[(short name, 1)]`` when ``word`` (four letters, not English) is one edit from exactly one short name."""
        if len(word) != SHORTEST_TYPO or not word.isalpha() or word in self._english or word in self._names:
            return []
        found = set()
        for key in _deletions(word, 1):
            found.update(self._by_deletion.get(key, ()))
        close = {c for c in found if c[:1] == word[:1] and not other_form(word, c) and distance(word, c, 1) == 1}
        return [(close.pop(), 1)] if len(close) == 1 else []
