"""Whether a text denies, or only wishes for, a skill it names.

"I have no experience with cloud platforms", "never used PyTorch", "not
familiar with Spark", "I would like to learn MLflow", "Kubernetes is not
required": each names a skill the writer does not have (a CV) or the role
does not ask for (a posting), so onboarding must not propose it.

A mention is *denied* (:data:`DENIED`) or *wished for* (:data:`WISHED`: "would
like to", "want to", "hoping to", "planning to", "eager to", "looking to" ...
before it) when, within its clause,

* a denial or a wish comes before it: "no", "not", "never", "without",
  "nor", "zero", "lack", "unfamiliar", a contraction in "n't", "cannot",
  "yet to"; but not "not only" / "not just" (an addition), nor
  "no stranger to", "no fear of", "no problem with" (litotes: the writer has it);
* or a denial follows it before the next comma: "is not required", "not
  needed", "not necessary", "not expected", "not mandatory", "not a must",
  or ": none" right after it ("Docker: none yet").

A clause ends at a sentence end or semicolon, at a contrast ("but",
"though", "although", "however", "whereas", "while", "instead", "just",
"only": "No Java needed, just Python"), and at a comma that starts a new
statement of a skill ("Experience with AWS, no experience with GCP";
", comfortable with SQL").  Inside a clause a denial covers a whole list:
"never worked with Spark or Hadoop".
"""

from __future__ import annotations

import re

__all__ = ["denied", "DENIED", "WISHED"]

DENIED = "denied"
WISHED = "wished"

#: Words after which what was denied no longer is ("No Java needed, just Python").
_CONTRAST = r"\b(?:but|though|although|however|whereas|while|instead|just|only)\b"
_CLAUSE_END = re.compile(
    r"[.!?;](?:\s|$)|" + _CONTRAST +
    r"|,\s*(?=(?:and\s+)?(?:i|we|you|my|our|experience|experienced|familiar|comfortable|strong|solid|proficient|"
    r"good|great|know|knows|used|use|worked|work|skilled|expert|fluent|hands-on)\b)",
    re.IGNORECASE)
_LITOTES = r"(?!\s+(?:stranger|fear|problems?|issues?|trouble|doubt)\b)"
#: "not required" and its kin deny what comes before them ("Kubernetes is not required"), not after.
_NOT_REQUIRED = (r"(?:(?:strictly|really|absolutely)\s+)?(?:required|needed|necessary|expected|mandatory|essential|"
                 r"compulsory|a\s+must|a\s+requirement)\b")
_DENIED_BEFORE = re.compile(
    r"\b(?:no" + _LITOTES + r"|not(?!\s+(?:only\b|just\b|merely\b|" + _NOT_REQUIRED + r"))|never|without|nor|zero|"
    r"lack|lacks|lacking|unfamiliar|unaware|cannot|\w+n['\u2019]t|yet to)\b",
    re.IGNORECASE)
_WISHED_BEFORE = re.compile(
    r"\b(?:(?:would|['\u2019]d)\s+(?:like|love)|want|wants|wanting|hope|hopes|hoping|plan|plans|planning|eager|keen|"
    r"looking|aim|aiming|intend|intending)\s+to\b",
    re.IGNORECASE)
_POSTFIX_END = re.compile(r"[,.!?;]|" + _CONTRAST, re.IGNORECASE)
_DENIED_AFTER = re.compile(r"\bnot\s+" + _NOT_REQUIRED, re.IGNORECASE)
_NONE_AFTER = re.compile(r"\s*:\s*(?:none|no|never|n/?a)\b", re.IGNORECASE)


def denied(text: str, start: int, end: int) -> str | None:
    """:data:`DENIED` or :data:`WISHED` when the mention ``text[start:end]`` is denied or only wished for
    (see the module), else None."""
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    before = text[clause_start:start]
    if _DENIED_BEFORE.search(before) or _NONE_AFTER.match(text, end):
        return DENIED
    stop = _POSTFIX_END.search(text, end)
    if _DENIED_AFTER.search(text[end:stop.start() if stop is not None else len(text)]):
        return DENIED
    return WISHED if _WISHED_BEFORE.search(before) else None
