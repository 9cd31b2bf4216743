"""The generator of `functional.jsonl`, our own HateCheck-like functional test suite.

The committed artefact is the `.jsonl`; this module is how it was made, kept so the suite can be
reviewed and regenerated (``python -m kibitz.moderation.evalsets.functional_build``) and so a
test can check that the file and the generator agree. The cases were written by hand for Kibitz,
following the *idea* of HateCheck (Röttger et al., 2021: one template per functionality, rendered
for every target), not its text.

Labels: ``hateful`` means an attack on people for who they are (the house rule ``racism``) or a
threat against them (``violence``). ``rules`` lists every house rule the text should trigger, so
non-hateful swearing carries ``profanity`` and a hateful sentence with a swear word carries both.
Abuse of a government, a militia, a club or "politicians" is non-hateful, as in HateCheck.

Splits go by whole template: templates, sorted by functionality and id, alternate between ``dev``
and ``test``, so every functionality appears in both and no template leaks across. Adding
templates can move later ones to the other split: when extending the suite, check in the diff of
the `.jsonl` that existing cases keep their ``split`` (add templates in pairs to keep the parity).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kibitz.moderation.evalsets.functional_templates import (
    IDENTITY_TEMPLATES,
    NON_PROTECTED,
    NON_PROTECTED_TEMPLATES,
    SLUR_TEMPLATES,
    TARGETS,
    UNTARGETED_TEMPLATES,
    Template,
)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _case(tpl: Template, target: str, text: str) -> dict[str, Any]:
    return {
        "id": f"fn-{tpl.template_id}-{target}",
        "functionality": tpl.functionality,
        "target": target,
        "text": _capitalise(text),
        "label": tpl.label,
        "rules": list(tpl.rules),
        "template_id": tpl.template_id,
    }


def _splits(templates: list[Template]) -> dict[str, str]:
    by_functionality: dict[str, list[str]] = {}
    for tpl in templates:
        by_functionality.setdefault(tpl.functionality, []).append(tpl.template_id)
    # One running alternation over all functionalities, so functionalities with an odd number of
    # templates do not all give their extra template to the same split.
    ordered = [tid for _, ids in sorted(by_functionality.items()) for tid in sorted(ids)]
    return {tid: ("dev" if i % 2 == 0 else "test") for i, tid in enumerate(ordered)}


def build() -> list[dict[str, Any]]:
    """Every case of the suite, in a stable order."""
    cases: list[dict[str, Any]] = []
    for t in TARGETS:
        for tpl in IDENTITY_TEMPLATES:
            cases.append(_case(tpl, t.key, tpl.text.format(P=t.plural, N=t.noun, A=t.article)))
        if t.slur is not None and t.slur_variant is not None:
            for tpl in SLUR_TEMPLATES:
                text = tpl.text.format(P=t.plural, S=t.slur, SV=t.slur_variant)
                cases.append(_case(tpl, t.key, text))
    for key, group in NON_PROTECTED:
        for tpl in NON_PROTECTED_TEMPLATES:
            cases.append(_case(tpl, f"nonprotected:{key}", tpl.text.format(G=group)))
    for tpl in UNTARGETED_TEMPLATES:
        cases.append(_case(tpl, "none", tpl.text))
    split = _splits(
        IDENTITY_TEMPLATES + SLUR_TEMPLATES + NON_PROTECTED_TEMPLATES + UNTARGETED_TEMPLATES
    )
    for case in cases:
        case["split"] = split[case["template_id"]]
    return cases


def template_texts() -> set[str]:
    """The raw template strings, for checks that other generated data does not reuse them."""
    every = IDENTITY_TEMPLATES + SLUR_TEMPLATES + NON_PROTECTED_TEMPLATES + UNTARGETED_TEMPLATES
    return {tpl.text for tpl in every}


def dumps(cases: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(case, ensure_ascii=False) + "\n" for case in cases)


def main() -> None:
    path = Path(__file__).with_name("functional.jsonl")
    path.write_text(dumps(build()), encoding="utf-8")


if __name__ == "__main__":
    main()
