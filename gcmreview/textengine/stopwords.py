"""Small stop-word lists for Arabic, English and French, written for this project.

Arabic words are given without clitics, since that is the form they are looked up in, and
are folded with ``normalize_arabic`` when loaded, so they may be written in ordinary spelling
(على, إلى). The lists hold function words only: words such as "migrant" or "country" stay,
because how much they tell is left to the weights, not decided here.
"""

from __future__ import annotations

from .normalize import normalize_arabic

__all__ = ["STOP_WORDS"]

_EN = """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each either else ever every
few for from further had has have having he her here hers herself him himself his how however
i if in into is it its itself just let may me might more most must my myself neither no nor not
now of off on once only or other others our ours ourselves out over own per same shall she so
some such than that the their theirs them themselves then there these they this those through
thus to too under until up upon us very via was we were what when where whether which while who
whom whose why will with within without would yet you your yours etc e g ie eg incl including
among amongst across around toward towards onto
"""

_FR = """
a à afin ai aie aient aies ait alors as au aucun aucune aupres auprès aussi autre autres aux
avaient avais avait avant avec avez aviez avions avoir avons ayant c ça car ce ceci cela celle
celles celui cependant certain certaines certains ces cet cette ceux chacun chaque chez ci comme
comment d dans de des dont du elle elles en encore entre es est et étaient étais était été être
eu eux fait faire font fut grâce hors ici il ils je jusqu jusque l la là laquelle le lequel les
lesquelles lesquels leur leurs lors lorsque lui m ma mais me même mêmes mes moi mon n ne ni
nos notre nous on ont or ou où par parce parmi pas pendant peu plus plusieurs pour pourquoi
qu quand que quel quelle quelles quels qui quoi s sa sans se selon ses si sien soi soient soit
son sont sous sur ta te tel telle telles tels tes toi ton tous tout toute toutes très tu un une
vers via vos votre vous y etc notamment ainsi dont afin celle-ci celui-ci
"""

_AR = """
في من الى على عن مع ان او ام ثم حتى اذا اذ اما الا بل لكن لان كما مثل بين عند لدى حول خلال
ضمن بعد قبل منذ نحو دون غير سوى كل بعض اي هذا هذه ذلك تلك هولاء اولييك هو هي هم هن هما انا
نحن انت انتم التي الذي الذين اللذين اللتين اللواتي اللاتي ما ماذا لم لن لا ليس ليست قد كان
كانت كانوا يكون تكون يكونوا وقد فقد لقد كذلك ايضا فيه فيها فيهم منه منها منهم عليه عليها
عليهم اليها اليهم عنه عنها عنهم به بها بهم له لها لهم ذات عبر تجاه لدي هناك هنا حيث
كيف متى اين التي يتم تم وفق وفقا سواء اكثر اقل جدا نفس تلك ضد لدى عدم
"""

STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(_EN.split()),
    "fr": frozenset(_FR.split()),
    "ar": frozenset(normalize_arabic(w) for w in _AR.split()),
}
