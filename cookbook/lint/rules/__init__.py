"""One module per change the checker can see in code: `clNNN_<slug>.py`, the slug of its catalog id.

A rule module defines:

- `CODE` ("CL008"): the catalog row it belongs to; its date, title and notebook come from
  `data/changes.csv`, never from here.
- `TRIGGERS`: words of which at least one must be in a file's text for the rule to find
  anything there. Files without any are not even parsed, so the list must be complete.
- `NEEDS_CLARIFAI` (default True): the rule only runs on files that mention Clarifai
  (`clarifai`, `Clarifai` or `CLARIFAI` anywhere); False when all its patterns are Clarifai's
  alone (`INPUT_IMAGE_DOWNLOAD_SUCCESS`).
- `STRONG_TRIGGERS` (default none): words so plainly Clarifai's (`PostSearches`, the
  demographics model id) that they run the rule even in a file that never says "clarifai";
  the rule's visitors then check `ctx.mentions_clarifai` before flagging anything weaker.
- `HEURISTIC` (default False): True when the rule judges intent (it flags `PostInputs` in a
  file that never polls) rather than a call that is simply gone.
- `FIX` (default ""): what `--fix` does, in a few words, when the rule has safe fixes.
- `visit_<NodeType>(node, ctx, parents)` functions: called for each node of that `ast` type
  with the `engine.Context` and the node's ancestors; they yield `engine.Hit`s. A visitor that
  needs only some nodes says which, and the engine hands it no others: `@named("post", ...)`
  for calls, attributes, names, string subscripts and keywords known by those names, and
  `@containing("curl", ...)` for string literals holding one of those words.
- optionally `finish(ctx)`: called once after the walk, for rules that judge the whole file.

The module docstring's first line reads `CLnnn date: what changed`. Tests live in
`tests/lint/test_clnnn.py`: snippets that must be flagged (with their fixed text) and snippets
that must not.
"""
