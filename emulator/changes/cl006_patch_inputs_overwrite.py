"""CL006 2020-02-03: PATCH /inputs `overwrite` replaces the whole `data`.

Before the date `overwrite` was inconsistent: concepts already on an input stayed when the
patch sent no concepts, while the rest of `data` (metadata, geo, ...) was replaced. Since then
`overwrite` replaces all of `data`, so a patch without concepts erases them (today's handler).
Documented: Clarifai's change page announced this for 2020-02-03. Inferred: that it took effect
on that date; the same page later said "we may not undergo it after all", and no later note
dates it (provenance: cl006-not-undone). What happened to the other fields before the date is
inferred too (provenance: cl006-old-overwrite).
"""

import datetime as dt

from ..call import Call
from . import Change

change = Change(__name__, code="CL006", date=dt.date(2020, 2, 3), rpcs={"PatchInputs"})


@change.request
def keep_concepts_on_overwrite(call: Call) -> None:
    """Give a concept-less `overwrite` patch the input's current concepts; today's handler does the rest.

    Nothing is stored here, so a patch that today's handler refuses
    (an unknown input, a bad action) still changes nothing.
    """
    if call.request.action != "overwrite":
        return
    for item in call.request.inputs:
        stored = call.app.inputs.get(item.id, call.now)
        if stored is not None and not item.data.concepts:
            item.data.concepts.extend(stored.input.data.concepts)
