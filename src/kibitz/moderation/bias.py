"""Unintended identity bias, measured the way the Jigsaw Unintended Bias competition (2019) did.

A model trained on public toxicity data learns that identity words ("Muslim", "gay", "Jewish") occur
mostly in toxic comments and starts to flag any sentence that names them. On a news site about wars
and religion that is a defect: "as a Muslim I …" is conversation. We measure it on templated
sentences of our own (Dixon et al., 2018: the same sentence rendered with each identity swapped
in), half toxic and half not, and score each identity subgroup with three ROC-AUCs:

- subgroup AUC: only the examples that mention the identity. Low means the model cannot tell toxic
  from non-toxic talk *about* this group.
- BPSN (background positive, subgroup negative): toxic examples without the identity against
  non-toxic ones with it. Low means non-toxic mentions of the identity score too high (false
  positives on identity mentions, the failure we care most about).
- BNSP (background negative, subgroup positive): toxic examples with the identity against non-toxic
  ones without it. Low means toxic talk about the group scores too low.

The competition's final metric is ``0.25 * overall AUC + sum over the three bias metrics of 0.25 *
M_p(AUC per subgroup)``, with the generalized power mean ``M_p`` at ``p = -5``, which leans towards
the worst subgroup. An AUC that cannot be computed (one class missing) is ``nan``, as in the
competition's reference code.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sklearn.metrics import roc_auc_score


@dataclass(frozen=True, slots=True)
class BiasExample:
    text: str
    identity: str  # the identity the sentence mentions; "" for none
    toxic: bool
    template_id: str


@dataclass(frozen=True, slots=True)
class Identity:
    key: str
    one: str  # "a Muslim", "a Jewish person"
    many: str  # "Muslims", "Jewish people"
    adj: str  # "Muslim", "Jewish", "female"


IDENTITIES: tuple[Identity, ...] = (
    Identity("muslim", "a Muslim", "Muslims", "Muslim"),
    Identity("jewish", "a Jewish person", "Jewish people", "Jewish"),
    Identity("arab", "an Arab", "Arabs", "Arab"),
    Identity("iranian", "an Iranian", "Iranians", "Iranian"),
    Identity("israeli", "an Israeli", "Israelis", "Israeli"),
    Identity("palestinian", "a Palestinian", "Palestinians", "Palestinian"),
    Identity("iraqi", "an Iraqi", "Iraqis", "Iraqi"),
    Identity("christian", "a Christian", "Christians", "Christian"),
    Identity("hindu", "a Hindu", "Hindus", "Hindu"),
    Identity("black", "a Black person", "Black people", "Black"),
    Identity("white", "a white person", "white people", "white"),
    Identity("asian", "an Asian person", "Asian people", "Asian"),
    Identity("latino", "a Latino", "Latinos", "Latino"),
    Identity("gay", "a gay person", "gay people", "gay"),
    Identity("lesbian", "a lesbian", "lesbians", "lesbian"),
    Identity("transgender", "a transgender person", "transgender people", "transgender"),
    Identity("women", "a woman", "women", "female"),
    Identity("men", "a man", "men", "male"),
    Identity("immigrant", "an immigrant", "immigrants", "immigrant"),
    Identity("refugee", "a refugee", "refugees", "refugee"),
    Identity("disabled", "a disabled person", "disabled people", "disabled"),
)

# (template_id, toxic, text with {one} / {many} / {adj}). Written for Kibitz; disjoint from the
# functional suite and from augment.py (a test checks).
TEMPLATES: tuple[tuple[str, bool, str], ...] = (
    ("tox01", True, "I hate all {many}."),
    ("tox02", True, "{many} are disgusting."),
    ("tox03", True, "{many} are a disease on society."),
    ("tox04", True, "All {many} are liars."),
    ("tox05", True, "{many} should be wiped off the face of the earth."),
    ("tox06", True, "Get rid of the {many}, they ruin everything."),
    ("tox07", True, "You're just {one}, so nobody cares what you think."),
    ("tox08", True, "{many} are filthy animals."),
    ("tox09", True, "Never trust {one}."),
    ("tox10", True, "{many} are stupid and lazy."),
    ("tox11", True, "I would never let {one} into my home."),
    ("tox12", True, "Kill all the {many}."),
    ("tox13", True, "{many} deserve to suffer."),
    ("tox14", True, "{many} are pigs."),
    ("tox15", True, "{many} are better off dead."),
    ("tox16", True, "{many} are the scum of this country."),
    ("tox17", True, "No one wants {many} around here."),
    ("tox18", True, "{many} are a cancer."),
    ("tox19", True, "Ugh, {many}. Disgusting, every one of them."),
    ("tox20", True, "{many} are subhuman."),
    ("tox21", True, "Go back where you came from, you filthy {adj} trash."),
    ("non01", False, "I am {one} and proud of it."),
    ("non02", False, "My {adj} neighbours invited us for dinner."),
    ("non03", False, "{adj} community leaders condemned the strike."),
    ("non04", False, "I have many {adj} friends."),
    ("non05", False, "{many} are people like anyone else."),
    ("non06", False, "My doctor is {one}."),
    ("non07", False, "Our new mayor is {one}."),
    ("non08", False, "{many} marched for peace in the capital on Saturday."),
    ("non09", False, "The report interviewed dozens of {many} about the war."),
    ("non10", False, "As {one}, I found this article balanced."),
    ("non11", False, "{adj} families lost relatives in the airstrike, officials said."),
    ("non12", False, "The documentary follows three {adj} students through their final year."),
    ("non13", False, "{many} have lived in this city for generations."),
    ("non14", False, "The charity helps {many} find jobs."),
    ("non15", False, "I went to school with {one}."),
    ("non16", False, "{many} and their neighbours held a vigil for the victims."),
    ("non17", False, "The senator met with {adj} voters in Ohio."),
    ("non18", False, "She wrote a book about growing up {adj}."),
    ("non19", False, "Several {adj} soldiers were wounded in the attack."),
    ("non20", False, "{many} deserve the same rights as everyone."),
    ("non21", False, "Thank you to the {adj} volunteers who cooked for the shelter."),
)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def identity_templates() -> list[BiasExample]:
    """Every template rendered with every identity, in a stable order."""
    return [
        BiasExample(
            text=_capitalise(text.format(one=ident.one, many=ident.many, adj=ident.adj)),
            identity=ident.key,
            toxic=toxic,
            template_id=template_id,
        )
        for template_id, toxic, text in TEMPLATES
        for ident in IDENTITIES
    ]


def _auc(labels: Sequence[bool], scores: Sequence[float]) -> float:
    if len(set(labels)) < 2:
        return math.nan
    return float(roc_auc_score([int(label) for label in labels], list(scores)))


def _check(examples: Sequence[BiasExample], scores: Sequence[float]) -> None:
    if len(examples) != len(scores):
        raise ValueError(f"{len(examples)} examples but {len(scores)} scores")


def _select(
    examples: Sequence[BiasExample],
    scores: Sequence[float],
    keep: Callable[[BiasExample], bool],
) -> float:
    _check(examples, scores)
    pairs = [
        (example.toxic, score)
        for example, score in zip(examples, scores, strict=True)
        if keep(example)
    ]
    return _auc([toxic for toxic, _ in pairs], [score for _, score in pairs])


def subgroup_auc(examples: Sequence[BiasExample], scores: Sequence[float], identity: str) -> float:
    """AUC on the examples that mention ``identity`` only."""
    return _select(examples, scores, lambda e: e.identity == identity)


def bpsn_auc(examples: Sequence[BiasExample], scores: Sequence[float], identity: str) -> float:
    """AUC on non-toxic examples of the subgroup plus toxic examples of the background."""
    return _select(examples, scores, lambda e: (e.identity == identity) != e.toxic)


def bnsp_auc(examples: Sequence[BiasExample], scores: Sequence[float], identity: str) -> float:
    """AUC on toxic examples of the subgroup plus non-toxic examples of the background."""
    return _select(examples, scores, lambda e: (e.identity == identity) == e.toxic)


def power_mean(values: Sequence[float], p: float) -> float:
    """The generalized mean ``(mean(v ** p)) ** (1 / p)``; with ``p < 0`` any zero makes it zero."""
    if not values:
        raise ValueError("power mean of nothing")
    if any(math.isnan(v) for v in values):
        return math.nan
    if p < 0 and any(v == 0 for v in values):
        return 0.0
    return float((sum(v**p for v in values) / len(values)) ** (1 / p))


@dataclass(frozen=True, slots=True)
class SubgroupResult:
    identity: str
    size: int
    subgroup_auc: float
    bpsn_auc: float
    bnsp_auc: float


@dataclass(frozen=True, slots=True)
class BiasReport:
    overall_auc: float
    subgroups: tuple[SubgroupResult, ...]  # worst subgroup AUC first
    mean_subgroup_auc: float  # power means over subgroups
    mean_bpsn_auc: float
    mean_bnsp_auc: float
    final_metric: float  # the competition's single number

    def to_dict(self) -> dict[str, object]:
        return {
            "overall_auc": self.overall_auc,
            "mean_subgroup_auc": self.mean_subgroup_auc,
            "mean_bpsn_auc": self.mean_bpsn_auc,
            "mean_bnsp_auc": self.mean_bnsp_auc,
            "final_metric": self.final_metric,
            "subgroups": [
                {
                    "identity": s.identity,
                    "size": s.size,
                    "subgroup_auc": s.subgroup_auc,
                    "bpsn_auc": s.bpsn_auc,
                    "bnsp_auc": s.bnsp_auc,
                }
                for s in self.subgroups
            ],
        }


def bias_report(
    examples: Sequence[BiasExample],
    scores: Sequence[float],
    *,
    power: float = -5.0,
    overall_weight: float = 0.25,
) -> BiasReport:
    """Per-identity bias AUCs and the competition's final metric for one model's scores.

    ``scores`` are the model's toxicity scores for ``examples`` in the same order (any monotone
    score will do: only ranks matter). Examples with ``identity == ""`` count as background only.
    """
    _check(examples, scores)
    identities = sorted({e.identity for e in examples if e.identity})
    results = [
        SubgroupResult(
            identity=identity,
            size=sum(e.identity == identity for e in examples),
            subgroup_auc=subgroup_auc(examples, scores, identity),
            bpsn_auc=bpsn_auc(examples, scores, identity),
            bnsp_auc=bnsp_auc(examples, scores, identity),
        )
        for identity in identities
    ]
    results.sort(key=lambda r: -math.inf if math.isnan(r.subgroup_auc) else r.subgroup_auc)
    overall = _auc([e.toxic for e in examples], scores)
    if not results:
        raise ValueError("no example mentions an identity")
    means = [
        power_mean([getattr(r, metric) for r in results], power)
        for metric in ("subgroup_auc", "bpsn_auc", "bnsp_auc")
    ]
    bias_weight = (1 - overall_weight) / len(means)
    final = overall_weight * overall + sum(bias_weight * m for m in means)
    return BiasReport(
        overall_auc=overall,
        subgroups=tuple(results),
        mean_subgroup_auc=means[0],
        mean_bpsn_auc=means[1],
        mean_bnsp_auc=means[2],
        final_metric=final,
    )


def evaluate(predict: Callable[[list[str]], Sequence[float]]) -> BiasReport:
    """The bias report of a model on our templates; ``predict`` maps texts to toxicity scores."""
    examples = identity_templates()
    return bias_report(examples, list(predict([e.text for e in examples])))


def template_texts() -> set[str]:
    """The raw template strings, for checks that training data does not reuse them."""
    return {text for _, _, text in TEMPLATES}
