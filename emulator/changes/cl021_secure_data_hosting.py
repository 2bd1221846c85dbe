"""CL021 2023-08-15: Secure Data Hosting for all users; before it, inputs went to a public S3 bucket.

Clarifai's page (Clarifai/docs `product-updates/upcoming-api-changes/secure-data-hosting.md`):
after the 9.7 release "all inputs will be accessible through SDH URLs. The new inputs will be
uploaded to S3 as private files", downloaded from `https://data.clarifai.com` with the token
(`sdh-4.sh`), while "Old inputs that were added before the release will keep having public S3
URLs", fetched without a credential, and a request to them carrying the authorization fails
(`sdh-5.sh`). The page gives August 05 and, in a later version, August 15, 2023; the changes
table and release 9.7's notes say August 15 (clarifai-facts.md, CL021): the catalog keeps
August 15.

So before the date an input added with PostInputs is kept as a public S3 file
(`StoredInput.public_s3`), and shown and served as one on every date after (`emulator.s3`,
`emulator.hosted`); from the date it is shown on the data host and needs the token. The page
also says "all our endpoints will now return SDH URLs"; the emulator follows its more
specific sentence on old inputs, which is also why its advice is to check each URL's kind
(provenance: cl021-old-inputs).
"""

from __future__ import annotations

import datetime as dt

from google.protobuf.message import Message

from ..call import Call
from ..inputs import render
from . import Change

change = Change(__name__, code="CL021", date=dt.date(2023, 8, 15), rpcs={"PostInputs"})


@change.after
def public_s3_uploads(call: Call, response: Message) -> Message:
    """Before the date: the inputs this call added are public S3 files, and answered as such."""
    for shown in response.inputs:
        stored = call.app.inputs.get(shown.id, call.now)
        if stored is not None and stored.created_tick == call.now and not stored.public_s3:
            stored.public_s3 = True
            shown.CopyFrom(render(call, stored))
    return response
