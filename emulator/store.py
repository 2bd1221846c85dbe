"""The emulator's state: users, apps, credentials and inputs.

Plain objects, no wire format: handlers read and change them, the doors never do. Time is
the virtual clock's tick, so asynchronous work is a comparison, not a background thread.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, fields

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from . import faults
from .search_index import Key, Postings

DOWNLOAD_TICKS = 2  # pending for one request, in progress for one more (provenance: async-ticks)
DELETE_TICKS = 2  # deleted inputs stay readable for two more requests (provenance: delete-ticks)
DATA_HOST = "https://data.clarifai.com"  # the documented SDH host (clarifai-facts.md, CL021)
JOB_TICKS = 2  # extractions, dataset versions, exports: queued, running, done (provenance: job-ticks)


def input_key(item: resources_pb2.Input) -> bytes:
    """What identifies an input's content: its image bytes or URL, else its video bytes or URL,
    else its text."""
    data = item.data
    return (
        data.image.base64
        or data.image.url.encode()
        or data.video.base64
        or data.video.url.encode()
        or data.text.raw.encode()
    )


def content_digest(item: resources_pb2.Input) -> bytes:
    """The sha256 of an input's content (`input_key`): what its predictions are cached by."""
    return hashlib.sha256(input_key(item)).digest()


@dataclass
class StoredInput:
    """One input and where it is in its asynchronous life."""

    input: resources_pb2.Input
    created_tick: int
    ready_tick: int
    failure: str = ""  # details text of a failed download, empty when it succeeded
    deleted_tick: int | None = None
    public_s3: bool = False  # uploaded as a public S3 file, before Secure Data Hosting (CL021)
    # content_digest(input), set by InputStore when the input is added or changed, so reads do
    # not hash its bytes; empty until then (readers compute it)
    digest: bytes = b""

    def status_name(self, now: int) -> str:
        """INPUT_PENDING, INPUT_IN_PROGRESS, INPUT_SUCCESS or INPUT_FAILED at tick `now`."""
        if now < self.created_tick + 1:
            return "INPUT_PENDING"
        if now < self.ready_tick:
            return "INPUT_IN_PROGRESS"
        return "INPUT_FAILED" if self.failure else "INPUT_SUCCESS"

    def gone(self, now: int) -> bool:
        """Whether an asynchronous delete has finished by tick `now`."""
        return self.deleted_tick is not None and now >= self.deleted_tick


class InputStore:
    """The inputs of one app, in the order they were added.

    Searches read it through postings (`emulator.search_index`) kept in step with writes: an
    input added or changed is refiled at the next search (`changed` marks it), a deleted one is
    dropped when it goes; and through the inputs still downloading or failed, by status.
    """

    def __init__(self) -> None:
        self._inputs: dict[str, StoredInput] = {}
        self._deleting: set[str] = set()  # only these can be swept, so reads stay O(1)
        self._urls: Counter[str] = Counter()  # image URLs of the kept inputs: duplicate checks in O(1)
        self._order: dict[str, int] = {}  # input id -> when it was added: newest first in O(hits)
        self._added = 0
        self._postings = Postings()
        self._unfiled: set[str] = set()  # added or changed since the postings last read them
        self._unsettled: set[str] = set()  # may still be pending or in progress
        self._failed: set[str] = set()

    def _sweep(self, now: int) -> None:
        for input_id in [i for i in self._deleting if self._inputs[i].gone(now)]:
            self._count_url(self._inputs.pop(input_id).input.data.image.url, -1)
            self._deleting.discard(input_id)
            self._forget(input_id)

    def _forget(self, input_id: str) -> None:
        del self._order[input_id]
        self._postings.drop(input_id)
        for ids in (self._unfiled, self._unsettled, self._failed):
            ids.discard(input_id)

    def _count_url(self, url: str, step: int) -> None:
        if url:
            self._urls[url] += step
            if self._urls[url] <= 0:
                del self._urls[url]

    def add(self, stored: StoredInput) -> None:
        """Keep a new input; its id must be free."""
        faults.point("add an input")
        input_id = stored.input.id
        stored.digest = content_digest(stored.input)
        self._inputs[input_id] = stored
        self._count_url(stored.input.data.image.url, 1)
        self._order[input_id] = self._added
        self._added += 1
        self._unfiled.add(input_id)
        self._unsettled.add(input_id)
        if stored.failure:
            self._failed.add(input_id)

    def changed(self, input_id: str) -> None:
        """Record that a write changed the input (its labels, metadata, media or region
        annotations): it is refiled, and its digest made anew."""
        stored = self._inputs.get(input_id)
        if stored is not None:
            stored.digest = content_digest(stored.input)
            self._unfiled.add(input_id)

    def postings(self, now: int, keys_of: Callable[[StoredInput], frozenset[Key]]) -> Postings:
        """The postings as of tick `now`, the inputs changed since last time refiled by `keys_of`."""
        self._sweep(now)
        for input_id in self._unfiled:
            self._postings.file(input_id, keys_of(self._inputs[input_id]))
        self._unfiled.clear()
        return self._postings

    def with_status(self, name: str, now: int) -> Collection[str] | None:
        """A superset of the ids of the inputs with status `name` at tick `now` (PENDING,
        IN_PROGRESS or FAILED); None for INPUT_SUCCESS (most inputs: no narrowing)."""
        self._sweep(now)
        if name == "INPUT_SUCCESS":
            return None
        if name == "INPUT_FAILED":
            return self._failed
        busy = ("INPUT_PENDING", "INPUT_IN_PROGRESS")  # once neither, an input never is again
        self._unsettled -= {i for i in self._unsettled if self._inputs[i].status_name(now) not in busy}
        return self._unsettled

    def newest_first(self, input_ids: Iterable[str], now: int) -> list[StoredInput]:
        """The inputs `input_ids` of the app as of tick `now` (unknown ids left out), newest first."""
        self._sweep(now)
        found = [i for i in set(input_ids) if i in self._inputs]
        return [self._inputs[i] for i in sorted(found, key=self._order.__getitem__, reverse=True)]

    def has_url(self, url: str, now: int) -> bool:
        """Whether an input of the app (not yet deleted at tick `now`) has the image URL `url`."""
        self._sweep(now)
        return self._urls[url] > 0

    def url_changed(self, old_url: str, new_url: str) -> None:
        """Record that a patch changed an input's image URL from `old_url` to `new_url`."""
        self._count_url(old_url, -1)
        self._count_url(new_url, 1)

    def get(self, input_id: str, now: int) -> StoredInput | None:
        """The input `input_id` as of tick `now`, or None once deleted."""
        self._sweep(now)
        return self._inputs.get(input_id)

    def all(self, now: int) -> list[StoredInput]:
        """Every input as of tick `now`, newest first."""
        self._sweep(now)
        return list(reversed(self._inputs.values()))

    def delete(self, input_ids: Iterable[str], now: int, ticks: int = DELETE_TICKS) -> None:
        """Start deleting the inputs; they disappear `ticks` requests later."""
        for input_id in input_ids:
            stored = self._inputs.get(input_id)
            if stored is not None and stored.deleted_tick is None:
                faults.point("delete an input")
                stored.deleted_tick = now + ticks
                self._deleting.add(input_id)

    def finish(self, input_id: str, now: int) -> None:
        """Complete an input's download at once (how single inputs behaved before CL002)."""
        stored = self._inputs[input_id]
        stored.created_tick = min(stored.created_tick, now - 1)
        stored.ready_tick = now

    def has(self, input_id: str, now: int) -> bool:
        """Whether the id `input_id` is taken at tick `now` (a deleted input's is free once it is
        gone, whether or not a read has swept it yet: replaying a log gives the same answer)."""
        self._sweep(now)
        return input_id in self._inputs

    def __len__(self) -> int:
        return len(self._inputs)

    # A snapshot (emulator.snapshots) pickles every input: their messages travel as one batch, a
    # single serialization and parse, and the rest of each StoredInput as plain columns.

    def __getstate__(self) -> dict:
        state = vars(self).copy()
        kept = list(self._inputs.values())
        batch = service_pb2.MultiInputResponse(inputs=[stored.input for stored in kept])
        rows = [[getattr(stored, name) for name in _STORED_FIELDS] for stored in kept]
        state["_inputs"] = (batch.SerializeToString(), _STORED_FIELDS, rows)
        return state

    def __setstate__(self, state: dict) -> None:
        data, others, rows = state["_inputs"]
        batch = service_pb2.MultiInputResponse.FromString(data)
        if others != _STORED_FIELDS:  # a snapshot of another emulator build
            raise ValueError(f"stored inputs have the fields {others}, not {_STORED_FIELDS}")
        made = map(StoredInput, batch.inputs, *zip(*rows, strict=True)) if rows else ()
        state["_inputs"] = {stored.input.id: stored for stored in made}
        vars(self).update(state)


_STORED_FIELDS = [f.name for f in fields(StoredInput)][1:]  # after `input`, in order


@dataclass
class StoredVersion:
    """One version of a model; training finishes at `trained_tick` on the virtual clock."""

    version: resources_pb2.ModelVersion
    trained_tick: int | None = None  # None: not training (untrained, or trained from the start)


@dataclass
class StoredModel:
    """A model and its versions, newest first. `kind` picks its synthetic predictor."""

    model: resources_pb2.Model
    versions: list[StoredVersion] = field(default_factory=list)
    kind: str = ""  # a predictor name of emulator.predict, or "" for a user's model

    def version(self, version_id: str = "") -> StoredVersion | None:
        """The version `version_id`, or the newest one when it is empty."""
        if not version_id:
            return self.versions[0] if self.versions else None
        return next((v for v in self.versions if v.version.id == version_id), None)


@dataclass
class SavedSearch:
    """A search saved under its id (`searches[0].save`): run again by PostSearchesByID."""

    search: resources_pb2.Search  # as responses show it
    kind: str  # what its hits are: "inputs" or "annotations"


@dataclass
class Job:
    """Asynchronous work of the API (an extraction, a dataset version, an export) on the virtual
    clock: queued at `created_tick`, running from the next request, done at `done_tick`."""

    created_tick: int
    done_tick: int
    failure: str = ""  # details text when the work failed, empty when it succeeded

    def stage(self, now: int) -> str:
        """'queued', 'running', 'done' or 'failed' at tick `now`."""
        if now < self.created_tick + 1:
            return "queued"
        if now < self.done_tick:
            return "running"
        return "failed" if self.failure else "done"


@dataclass
class ExtractionJob:
    """One data source (a cloud archive or prefix) being extracted into inputs of the app."""

    record: resources_pb2.InputsExtractionJob  # id, url, template, created_at (as responses show it)
    job: Job
    progress: resources_pb2.InputsExtractionJobProgress  # the counts once done
    archives: int = 0  # archives among the data source's objects
    input_ids: list[str] = field(default_factory=list)


@dataclass
class AddJob:
    """An InputsAddJob: the extraction jobs of one PostInputsDataSources request."""

    record: resources_pb2.InputsAddJob  # id, call_back_url, created_at
    extraction_ids: list[str] = field(default_factory=list)


@dataclass
class StoredExport:
    """One export of a dataset version in one format; its file is hosted once done."""

    export: resources_pb2.DatasetVersionExport  # format, size, and its path on the data host as url
    job: Job


@dataclass
class StoredDatasetVersion:
    """A snapshot of a dataset's inputs, ready at its job's end, and its exports by format."""

    version: resources_pb2.DatasetVersion
    job: Job
    inputs: list[resources_pb2.Input] = field(default_factory=list)  # as they were when it was made
    exports: dict[int, StoredExport] = field(default_factory=dict)


@dataclass
class StoredDataset:
    """A dataset and its versions, newest first (its inputs name it in `Input.dataset_ids`)."""

    dataset: resources_pb2.Dataset
    versions: list[StoredDatasetVersion] = field(default_factory=list)


@dataclass(frozen=True)
class HostedFile:
    """A file the API made and hosts on its data host (a dataset export)."""

    content: bytes
    content_type: str
    user_id: str
    app_id: str


@dataclass
class App:
    """An application of a user, with its data."""

    user_id: str
    id: str
    inputs: InputStore = field(default_factory=InputStore)
    record: resources_pb2.App = field(default_factory=resources_pb2.App)  # as responses show it
    models: dict[str, StoredModel] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # old model ids still usable today -> ids
    # CL014: a user model made before 2022-01-20 -> the new id responses show from that date
    new_ids: dict[str, str] = field(default_factory=dict)
    workflows: dict[str, resources_pb2.Workflow] = field(default_factory=dict)
    concepts: dict[str, resources_pb2.Concept] = field(default_factory=dict)  # as responses show them
    searches: dict[str, SavedSearch] = field(default_factory=dict)  # saved searches by id
    region_annotations: dict[str, resources_pb2.Annotation] = field(default_factory=dict)  # by id
    region_ids: dict[str, list[str]] = field(default_factory=dict)  # input id -> its regions' ids, in order
    public: bool = False  # readable by every PAT (clarifai/main)
    datasets: dict[str, StoredDataset] = field(default_factory=dict)
    extraction_jobs: dict[str, ExtractionJob] = field(default_factory=dict)
    add_jobs: dict[str, AddJob] = field(default_factory=dict)

    def add_region_annotation(self, annotation: resources_pb2.Annotation) -> None:
        """Keep a new region annotation of the input `annotation.input_id`."""
        faults.point("add a region annotation")
        self.region_annotations[annotation.id] = annotation
        self.region_ids.setdefault(annotation.input_id, []).append(annotation.id)
        self.inputs.changed(annotation.input_id)

    def model(self, model_id: str) -> StoredModel | None:
        """The model `model_id`, also under an old id it had (CL014: old ids still work)."""
        return self.models.get(self.stored_id(model_id))

    def stored_id(self, model_id: str) -> str:
        """The id the model `model_id` is kept under (its first one, when CL014 gave it another)."""
        return self.aliases.get(model_id, model_id)

    def delete_model(self, model_id: str) -> None:
        """Delete the model `model_id` (either of its ids) and forget its CL014 id, so a new
        model may take it."""
        stored = self.stored_id(model_id)
        del self.models[stored]
        new = self.new_ids.pop(stored, None)
        if new is not None and self.aliases.get(new) == stored:
            del self.aliases[new]


@dataclass
class User:
    """An account: its apps and its personal access tokens."""

    id: str
    apps: dict[str, App] = field(default_factory=dict)
    keys: dict[str, resources_pb2.Key] = field(default_factory=dict)  # records of keys made by PostKeys

    def add_app(self, app_id: str) -> App:
        """Create the app `app_id` (or return it if it exists)."""
        return self.apps.setdefault(app_id, App(self.id, app_id))


@dataclass(frozen=True)
class Credential:
    """A PAT (user-wide, `app_id` empty) or an app API key (one app)."""

    token: str
    user_id: str
    app_id: str = ""
    # An app key's scopes: names of `scope_pb2.S` (`Inputs_Add`) and endpoints (`/clarifai.api.V2/GetInput`).
    scopes: tuple[str, ...] = ("All",)

    @property
    def is_pat(self) -> bool:
        return not self.app_id

    def allows(self, needed: Iterable[str], endpoint: str = "") -> bool:
        """Whether the credential holds every scope in `needed`, or the endpoint itself."""
        held = set(self.scopes)
        return self.is_pat or "All" in held or endpoint in held or set(needed) <= held


@dataclass
class Downtime:
    """Where the service is down on the virtual clock (CL001 and `serve --downtime`)."""

    scheduled: range | None = None  # ticks of the `--downtime START,END` window
    day_opened: int | None = None  # tick of the first affected request served as of CL001's day

    def schedule(self, window: tuple[int, int] | None) -> None:
        """Take the service down for ticks START to END-1 whatever the date; None: never."""
        if window is not None and not 0 <= window[0] < window[1]:
            raise ValueError(f"downtime must be START,END with 0 <= START < END, not {window[0]},{window[1]}")
        self.scheduled = range(*window) if window else None


class Store:
    """All users and credentials of one emulator."""

    def __init__(self) -> None:
        self.downtime = Downtime()
        self.local_urls = True  # may URL inputs read this machine (False when serving a room)
        self.data_host = DATA_HOST  # the prefix of hosted input URLs: the REST door once it runs
        self.users: dict[str, User] = {}
        self.credentials: dict[str, Credential] = {}
        self.hosted: dict[str, HostedFile] = {}  # files on the data host by path (emulator.hosted_files)

    def add_user(self, user_id: str) -> User:
        """Create the user `user_id` (or return it if it exists)."""
        return self.users.setdefault(user_id, User(user_id))

    def app(self, user_id: str, app_id: str) -> App | None:
        """The app, or None if the user or the app does not exist."""
        user = self.users.get(user_id)
        return user.apps.get(app_id) if user else None

    def add_credential(self, credential: Credential) -> Credential:
        """Register a PAT or an app API key."""
        self.credentials[credential.token] = credential
        return credential

    def delete_credential(self, token: str) -> None:
        """Forget a PAT or an app API key, and its record."""
        credential = self.credentials.pop(token)
        user = self.users.get(credential.user_id)
        if user is not None:
            user.keys.pop(token, None)

    def delete_app(self, app: App) -> None:
        """Remove an app, its data and its API keys."""
        del self.users[app.user_id].apps[app.id]
        for path in [p for p, f in self.hosted.items() if (f.user_id, f.app_id) == (app.user_id, app.id)]:
            del self.hosted[path]
        for token in [
            t for t, c in self.credentials.items() if (c.user_id, c.app_id) == (app.user_id, app.id)
        ]:
            self.delete_credential(token)

    def apps(self) -> Iterator[App]:
        """Every app of every user."""
        for user in self.users.values():
            yield from user.apps.values()

    def public_app(self) -> App | None:
        """The app of the public models and workflows (clarifai/main), once seeded."""
        return next((app for app in self.apps() if app.public), None)
