"""The official client, used the way Clarifai's docs use it, through each door of the emulator.

Doors: plain gRPC (`get_insecure_grpc_channel`), TLS gRPC (`get_grpc_channel`, the emulator's
self-signed certificate as root) and the JSON channel (`get_json_channel(base_url=...)`).
Each RPC family is one short scenario written as the docs write it: a PAT, `user_app_id`,
`allow_duplicate_url` on URL inputs, polling GetInput until 30000, `raise_on_failure`. The
matrix of families x doors is printed at the end (`tests/fidelity/conftest.py`), and by
`python bench/fidelity_summary.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from clarifai_grpc.grpc.api.status import status_code_pb2
from google.protobuf.message import Message

from cookbook.catalog import ROOT
from emulator import Emulator
from tests.fidelity.conftest import DOORS

MAIN = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
GENERAL = "general-image-recognition"
DOG_URL = "https://samples.clarifai.com/dog2.jpeg"
METRO_URL = "https://samples.clarifai.com/metro-north.jpg"
ASTRONAUT = (ROOT / "data" / "images" / "astronaut.jpg").read_bytes()
MAX_POLLS = 50


@dataclass
class Client:
    """A stub on one door, the seeded PAT, and a fresh app of the seeded user."""

    stub: service_pb2_grpc.V2Stub
    metadata: tuple[tuple[str, str], ...]
    user_id: str
    app: resources_pb2.UserAppIDSet


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator() as running:
        yield running


def make_stub(emulator: Emulator, door: str) -> service_pb2_grpc.V2Stub:
    """A V2Stub made right after its channel, as the docs do (the channel sets the stub's decoder)."""
    if door == "grpc":
        channel = ClarifaiChannel.get_insecure_grpc_channel(base=emulator.host, port=emulator.grpc_port)
    elif door == "tls":
        certificate = getattr(emulator, "certificate", None)
        if not getattr(emulator, "tls_port", 0) or certificate is None:
            pytest.skip("this emulator has no TLS door (Emulator.tls_port / Emulator.certificate)")
        channel = ClarifaiChannel.get_grpc_channel(
            base=emulator.tls_address, root_certificates_path=str(certificate.path)
        )
    else:
        channel = ClarifaiChannel.get_json_channel(base_url=emulator.rest_url)
    return service_pb2_grpc.V2Stub(channel)


def raise_on_failure(response: Message) -> Message:
    """What Clarifai's own tests and docs do with every response."""
    if response.status.code != status_code_pb2.SUCCESS:
        status = response.status
        raise AssertionError(
            f"Received failure response `{status.code} {status.description} {status.details}`"
        )
    return response


def create_app(stub, metadata, user_id: str, app_id: str) -> resources_pb2.UserAppIDSet:
    request = service_pb2.PostAppsRequest(
        user_app_id=resources_pb2.UserAppIDSet(user_id=user_id), apps=[resources_pb2.App(id=app_id)]
    )
    raise_on_failure(stub.PostApps(request, metadata=metadata))
    return resources_pb2.UserAppIDSet(user_id=user_id, app_id=app_id)


def url_input(url: str, *concepts: str, input_id: str = "") -> resources_pb2.Input:
    data = resources_pb2.Data(image=resources_pb2.Image(url=url, allow_duplicate_url=True))
    data.concepts.extend(resources_pb2.Concept(id=c, value=1) for c in concepts)
    return resources_pb2.Input(id=input_id, data=data)


def bytes_input(raw: bytes) -> resources_pb2.Input:
    return resources_pb2.Input(data=resources_pb2.Data(image=resources_pb2.Image(base64=raw)))


def add_inputs(client: Client, inputs: list[resources_pb2.Input]) -> list[str]:
    request = service_pb2.PostInputsRequest(user_app_id=client.app, inputs=inputs)
    response = raise_on_failure(client.stub.PostInputs(request, metadata=client.metadata))
    return [item.id for item in response.inputs]


def wait_for_inputs_upload(client: Client, input_ids: list[str]) -> None:
    """Poll GetInput until each input is 30000, as the docs' helper does (without its sleep)."""
    for input_id in input_ids:
        for _ in range(MAX_POLLS):
            request = service_pb2.GetInputRequest(user_app_id=client.app, input_id=input_id)
            code = raise_on_failure(client.stub.GetInput(request, metadata=client.metadata)).input.status.code
            if code == status_code_pb2.INPUT_DOWNLOAD_SUCCESS:
                break
            assert code in (
                status_code_pb2.INPUT_DOWNLOAD_PENDING,
                status_code_pb2.INPUT_DOWNLOAD_IN_PROGRESS,
            )
        else:
            raise AssertionError(f"input {input_id} never finished downloading")


def wait_for_inputs_delete(client: Client, input_ids: list[str]) -> None:
    remaining = list(input_ids)
    for _ in range(MAX_POLLS):
        for input_id in list(remaining):
            request = service_pb2.GetInputRequest(user_app_id=client.app, input_id=input_id)
            if client.stub.GetInput(request, metadata=client.metadata).status.code == 11101:
                remaining.remove(input_id)
        if not remaining:
            return
    raise AssertionError(f"inputs {remaining} were never deleted")


# --- the RPC families ------------------------------------------------------------------------


def apps(client: Client) -> None:
    """PostApps (in the fixture), GetApp, ListApps."""
    got = raise_on_failure(
        client.stub.GetApp(service_pb2.GetAppRequest(user_app_id=client.app), metadata=client.metadata)
    )
    assert got.app.id == client.app.app_id
    listed = client.stub.ListApps(
        service_pb2.ListAppsRequest(user_app_id=resources_pb2.UserAppIDSet(user_id=client.user_id)),
        metadata=client.metadata,
    )
    assert client.app.app_id in [app.id for app in raise_on_failure(listed).apps]


def inputs(client: Client) -> None:
    """PostInputs (a URL and bytes), GetInput until 30000, ListInputs, GetInputCount."""
    request = service_pb2.PostInputsRequest(
        user_app_id=client.app, inputs=[url_input(METRO_URL, "train"), bytes_input(ASTRONAUT)]
    )
    added = raise_on_failure(client.stub.PostInputs(request, metadata=client.metadata))
    assert (added.status.description, added.inputs[0].status.description) == ("Ok", "Download pending")
    ids = [item.id for item in added.inputs]
    wait_for_inputs_upload(client, ids)
    listed = client.stub.ListInputs(
        service_pb2.ListInputsRequest(user_app_id=client.app), metadata=client.metadata
    )
    assert sorted(i.id for i in raise_on_failure(listed).inputs) == sorted(ids)
    got = client.stub.GetInput(
        service_pb2.GetInputRequest(user_app_id=client.app, input_id=ids[1]), metadata=client.metadata
    )
    assert (got.input.data.image.image_info.width, got.input.data.image.image_info.height) == (400, 400)
    counts = client.stub.GetInputCount(
        service_pb2.GetInputCountRequest(user_app_id=client.app), metadata=client.metadata
    )
    assert raise_on_failure(counts).counts.processed == 2


def predict(client: Client) -> None:
    """PostModelOutputs with general-image-recognition and face-detection of clarifai/main."""
    request = service_pb2.PostModelOutputsRequest(
        user_app_id=MAIN, model_id=GENERAL, inputs=[url_input(DOG_URL), bytes_input(ASTRONAUT)]
    )
    response = raise_on_failure(client.stub.PostModelOutputs(request, metadata=client.metadata))
    for output in response.outputs:
        assert output.model.id == GENERAL and output.status.code == 10000
        assert output.model.model_version.id == "aa7f35c01e0642fda5cf400f543e7c40"
        assert output.data.concepts and all(
            c.id.startswith("ai_") and c.app_id == "main" for c in output.data.concepts
        )
    faces = service_pb2.PostModelOutputsRequest(
        user_app_id=MAIN, model_id="face-detection", inputs=[bytes_input(ASTRONAUT)]
    )
    regions = (
        raise_on_failure(client.stub.PostModelOutputs(faces, metadata=client.metadata))
        .outputs[0]
        .data.regions
    )
    box = regions[0].region_info.bounding_box
    assert len(regions) == 1 and 0.3 < box.left_col < box.right_col < 0.6


def search(client: Client) -> None:
    """PostInputsSearches: rank by a predicted concept, filter by an annotated one."""
    ids = add_inputs(client, [url_input(DOG_URL, "pet"), url_input(METRO_URL)])
    wait_for_inputs_upload(client, ids)
    ranked = resources_pb2.Query(
        ranks=[
            resources_pb2.Rank(
                annotation=resources_pb2.Annotation(
                    data=resources_pb2.Data(concepts=[resources_pb2.Concept(id="ai_8S2Vq3cR", value=1)])
                )
            )
        ]
    )
    request = service_pb2.PostInputsSearchesRequest(
        user_app_id=client.app, searches=[resources_pb2.Search(query=ranked)]
    )
    hits = raise_on_failure(client.stub.PostInputsSearches(request, metadata=client.metadata)).hits
    assert sorted(hit.input.id for hit in hits) == sorted(ids)
    filtered = resources_pb2.Query(
        filters=[
            resources_pb2.Filter(
                annotation=resources_pb2.Annotation(
                    data=resources_pb2.Data(concepts=[resources_pb2.Concept(id="pet", value=1)])
                )
            )
        ]
    )
    request = service_pb2.PostInputsSearchesRequest(
        user_app_id=client.app, searches=[resources_pb2.Search(query=filtered)]
    )
    hits = raise_on_failure(client.stub.PostInputsSearches(request, metadata=client.metadata)).hits
    assert [hit.input.id for hit in hits] == [ids[0]]


def train(client: Client) -> None:
    """PostModels, PostModelVersions on a concept, GetModelVersion until trained, predict."""
    ids = add_inputs(client, [url_input(f"https://samples.clarifai.com/cat{n}.jpg", "cat") for n in range(3)])
    wait_for_inputs_upload(client, ids)
    model = resources_pb2.Model(id="pets", model_type_id="embedding-classifier")
    raise_on_failure(
        client.stub.PostModels(
            service_pb2.PostModelsRequest(user_app_id=client.app, models=[model]), metadata=client.metadata
        )
    )
    version = resources_pb2.ModelVersion(
        output_info=resources_pb2.OutputInfo(
            data=resources_pb2.Data(concepts=[resources_pb2.Concept(id="cat", value=1)])
        )
    )
    request = service_pb2.PostModelVersionsRequest(
        user_app_id=client.app, model_id="pets", model_versions=[version]
    )
    version_id = raise_on_failure(
        client.stub.PostModelVersions(request, metadata=client.metadata)
    ).model.model_version.id
    for _ in range(MAX_POLLS):
        request = service_pb2.GetModelVersionRequest(
            user_app_id=client.app, model_id="pets", version_id=version_id
        )
        status = raise_on_failure(
            client.stub.GetModelVersion(request, metadata=client.metadata)
        ).model_version.status
        if status.code == status_code_pb2.MODEL_TRAINED:
            break
        assert status.code in (status_code_pb2.MODEL_QUEUED_FOR_TRAINING, status_code_pb2.MODEL_TRAINING), (
            status
        )
    request = service_pb2.PostModelOutputsRequest(
        user_app_id=client.app, model_id="pets", inputs=[url_input(DOG_URL)]
    )
    concepts = (
        raise_on_failure(client.stub.PostModelOutputs(request, metadata=client.metadata))
        .outputs[0]
        .data.concepts
    )
    assert [c.id for c in concepts] == ["cat"]


def concepts(client: Client) -> None:
    """PostConcepts, GetConcept, ListConcepts, PatchConcepts (overwrite), as the docs show them."""
    made = service_pb2.PostConceptsRequest(
        user_app_id=client.app, concepts=[resources_pb2.Concept(id="charlie", name="Charlie Name")]
    )
    raise_on_failure(client.stub.PostConcepts(made, metadata=client.metadata))
    got = client.stub.GetConcept(
        service_pb2.GetConceptRequest(user_app_id=client.app, concept_id="charlie"), metadata=client.metadata
    )
    assert raise_on_failure(got).concept.name == "Charlie Name"
    patch = service_pb2.PatchConceptsRequest(
        user_app_id=client.app,
        action="overwrite",
        concepts=[resources_pb2.Concept(id="charlie", name="Charlie")],
    )
    raise_on_failure(client.stub.PatchConcepts(patch, metadata=client.metadata))
    listed = client.stub.ListConcepts(
        service_pb2.ListConceptsRequest(user_app_id=client.app), metadata=client.metadata
    )
    assert [(c.id, c.name) for c in raise_on_failure(listed).concepts] == [("charlie", "Charlie")]


def workflows(client: Client) -> None:
    """PostWorkflows on a public model, PostWorkflowResults, GetWorkflow, DeleteWorkflow."""
    node = resources_pb2.WorkflowNode(
        id="general", model=resources_pb2.Model(id=GENERAL, user_id="clarifai", app_id="main")
    )
    request = service_pb2.PostWorkflowsRequest(
        user_app_id=client.app, workflows=[resources_pb2.Workflow(id="my-general", nodes=[node])]
    )
    raise_on_failure(client.stub.PostWorkflows(request, metadata=client.metadata))
    run = service_pb2.PostWorkflowResultsRequest(
        user_app_id=client.app, workflow_id="my-general", inputs=[url_input(DOG_URL)]
    )
    outputs = (
        raise_on_failure(client.stub.PostWorkflowResults(run, metadata=client.metadata)).results[0].outputs
    )
    assert [o.model.id for o in outputs] == [GENERAL]
    got = client.stub.GetWorkflow(
        service_pb2.GetWorkflowRequest(user_app_id=client.app, workflow_id="my-general"),
        metadata=client.metadata,
    )
    assert raise_on_failure(got).workflow.nodes[0].model.app_id == "main"
    delete = service_pb2.DeleteWorkflowRequest(user_app_id=client.app, workflow_id="my-general")
    raise_on_failure(client.stub.DeleteWorkflow(delete, metadata=client.metadata))


def keys(client: Client) -> None:
    """PostKeys (PAT), then the key alone: ListInputs and MyScopes; DeleteKey, then 11008."""
    key = resources_pb2.Key(
        description="fidelity",
        scopes=["All"],
        apps=[resources_pb2.App(id=client.app.app_id, user_id=client.user_id)],
    )
    me = resources_pb2.UserAppIDSet(user_id=client.user_id)
    token = (
        raise_on_failure(
            client.stub.PostKeys(
                service_pb2.PostKeysRequest(user_app_id=me, keys=[key]), metadata=client.metadata
            )
        )
        .keys[0]
        .id
    )
    as_key = (("authorization", f"Key {token}"),)
    raise_on_failure(client.stub.ListInputs(service_pb2.ListInputsRequest(), metadata=as_key))
    scopes = raise_on_failure(client.stub.MyScopes(service_pb2.MyScopesRequest(), metadata=as_key))
    assert scopes.app.id == client.app.app_id and "Inputs:Add" in scopes.scopes
    raise_on_failure(
        client.stub.DeleteKey(
            service_pb2.DeleteKeyRequest(user_app_id=me, key_id=token), metadata=client.metadata
        )
    )
    assert client.stub.ListInputs(service_pb2.ListInputsRequest(), metadata=as_key).status.code == 11008


def delete_inputs(client: Client) -> None:
    """DeleteInputs by ids, then GetInput until 11101, as the docs' cleanup does."""
    ids = add_inputs(client, [url_input(DOG_URL), url_input(METRO_URL)])
    wait_for_inputs_upload(client, ids)
    raise_on_failure(
        client.stub.DeleteInputs(
            service_pb2.DeleteInputsRequest(user_app_id=client.app, ids=ids), metadata=client.metadata
        )
    )
    wait_for_inputs_delete(client, ids)


def delete_app(client: Client) -> None:
    """DeleteApp, then GetApp answers 11101."""
    raise_on_failure(
        client.stub.DeleteApp(service_pb2.DeleteAppRequest(user_app_id=client.app), metadata=client.metadata)
    )
    got = client.stub.GetApp(service_pb2.GetAppRequest(user_app_id=client.app), metadata=client.metadata)
    assert got.status.code == status_code_pb2.CONN_DOES_NOT_EXIST


FAMILIES: dict[str, Callable[[Client], None]] = {
    "apps": apps,
    "inputs": inputs,
    "predict": predict,
    "search": search,
    "train": train,
    "concepts": concepts,
    "workflows": workflows,
    "keys": keys,
    "delete inputs": delete_inputs,
    "delete app": delete_app,
}


@pytest.mark.parametrize("family", list(FAMILIES))
@pytest.mark.parametrize("door", DOORS)
def test_rpc_family_through_the_official_client(emulator: Emulator, door: str, family: str) -> None:
    stub = make_stub(emulator, door)
    account = emulator.account
    metadata = (("authorization", f"Key {account.pat}"),)
    app_id = f"fidelity-{door}-{family.replace(' ', '-')}"
    client = Client(stub, metadata, account.user_id, create_app(stub, metadata, account.user_id, app_id))
    FAMILIES[family](client)
