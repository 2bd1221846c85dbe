"""CL022 2024-07-02: an app created via the API without a base workflow gets Universal, not General.

Clarifai's release notes 10.6 (Clarifai/docs `product-updates/changelog/release106.md`): "Previously,
when an application was created via the API without specifying a base workflow, the General
workflow was used by default. Now, the default has been updated to the Universal workflow";
the changes page dates it July 2nd, 2024. Apps that name their base workflow (the SDK's
`create_app` always sends `default_workflow`) are unaffected. Before the date a PostApps
request naming none is read as naming General, and today's handler does the rest.
"""

from __future__ import annotations

import datetime as dt

from ..call import Call
from . import Change

change = Change(__name__, code="CL022", date=dt.date(2024, 7, 2), rpcs={"PostApps"})
OLD_DEFAULT = "General"


@change.request
def general_by_default(call: Call) -> None:
    """Before the date: an app with no base workflow gets General."""
    for app in call.request.apps:
        if not app.default_workflow.id and not app.default_workflow_id:
            app.default_workflow_id = OLD_DEFAULT
