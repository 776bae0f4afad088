"""Diagnostics the engine itself produces (PL9xx); they are documented like any rule."""

from __future__ import annotations

from collections.abc import Iterable

from postlint.engine.diagnostics import Diagnostic, Severity
from postlint.engine.rule import Rule


class _EngineRule(Rule):
    family = "postlint"

    def check(self, ctx: object) -> Iterable[Diagnostic]:
        return ()  # produced by the engine, not by a check


class UnusedSuppression(_EngineRule):
    """A suppression comment that suppresses nothing.

    ## What it does
    Reports a `# postlint: ignore[...]` or `# postlint: file-ignore[...]` comment, or one of
    its codes, that matched no diagnostic.

    ## Why it matters
    Stale suppressions hide the next real problem on that line and confuse readers.

    ## Example
    ```
    # postlint: ignore[PL401]
    myhostname = mail.example.com
    ```

    ## Use instead
    Delete the comment, or the code that no longer applies. A finding about the whole
    configuration (a missing setting, shown at the start of the file) is not on any entry:
    silence it with `# postlint: file-ignore[CODE]`, which the message then suggests.

    ## Fix safety
    No automatic fix.

    ## References
    - ruff RUF100 (unused noqa), sqlfluff --warn-unused-ignores
    """

    code = "PL901"
    name = "unused-suppression"
    severity = Severity.WARNING


class UnknownSuppressionCode(_EngineRule):
    """A suppression comment names a code or rule that does not exist.

    ## What it does
    Reports codes in `# postlint: ignore[...]` that match no rule code, prefix or name.

    ## Why it matters
    A typo in a suppression suppresses nothing, silently.

    ## Example
    ```
    # postlint: ignore[PL4O1]
    ```

    ## Use instead
    ```
    # postlint: ignore[PL401]
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - postlint DESIGN: Suppressions
    """

    code = "PL902"
    name = "unknown-suppression-code"
    severity = Severity.WARNING


class RuleCrashed(_EngineRule):
    """A rule raised an exception or yielded unusable findings; the other rules still ran.

    ## What it does
    Reports the rule that crashed and the exception, at the start of the file. A rule that
    yields something other than a well-formed finding (None, a range outside the file, a
    severity that is not a `Severity`) has crashed too: none of its findings are used.

    ## Why it matters
    That rule's findings are missing from this run. Please report it with the config.

    ## Example
    (Any input that makes a rule raise.)

    ## Use instead
    Update postlint or the plugin; ignore the crashing rule meanwhile.

    ## Fix safety
    No automatic fix.

    ## References
    - postlint DESIGN: Rule codes
    """

    code = "PL999"
    name = "rule-crashed"
    severity = Severity.ERROR


CORE_RULES: tuple[type[Rule], ...] = (UnusedSuppression, UnknownSuppressionCode, RuleCrashed)
