"""A running emulator with a little of everything in it, for tests that throw requests at it."""

from __future__ import annotations

from dataclasses import dataclass

import grpc
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc

from emulator import Emulator
from emulator.accounts import Account, seed
from tests.helpers import images
from tests.reliability.fuzz import PNG

TIMEOUT = 10.0  # seconds: a call that takes longer is a hung call


@dataclass
class World:
    """The emulator, its seeded account, a second user, and ways in."""

    emulator: Emulator
    stranger: Account
    other_app_key: str  # an app key of the account's second app "other"
    channel: grpc.Channel
    extraction_id: str = ""  # the account's extraction job (of a bucket it cannot read: no inputs)

    @property
    def account(self) -> Account:
        return self.emulator.account

    @property
    def scope(self) -> resources_pb2.UserAppIDSet:
        return resources_pb2.UserAppIDSet(user_id=self.account.user_id, app_id=self.account.app_id)

    def stub(self) -> service_pb2_grpc.V2Stub:
        return service_pb2_grpc.V2Stub(self.channel)


def key(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Key {token}"),)


def _saved_search() -> resources_pb2.Search:
    """The search `saved`: inputs annotated dog."""
    dog = resources_pb2.Data(concepts=[resources_pb2.Concept(id="dog", value=1.0)])
    query = resources_pb2.Query(filters=[resources_pb2.Filter(annotation=resources_pb2.Annotation(data=dog))])
    return resources_pb2.Search(id="saved", save=True, query=query)


def _dataset_calls(scope: resources_pb2.UserAppIDSet) -> list[tuple[str, object]]:
    """The dataset `pets-set` holding in-0000, and its version `v1`."""
    member = resources_pb2.DatasetInput(input=resources_pb2.Input(id="in-0000"))
    version = resources_pb2.DatasetVersion(id="v1")
    return [
        (
            "PostDatasets",
            service_pb2.PostDatasetsRequest(
                user_app_id=scope, datasets=[resources_pb2.Dataset(id="pets-set")]
            ),
        ),
        (
            "PostDatasetInputs",
            service_pb2.PostDatasetInputsRequest(
                user_app_id=scope, dataset_id="pets-set", dataset_inputs=[member]
            ),
        ),
        (
            "PostDatasetVersions",
            service_pb2.PostDatasetVersionsRequest(
                user_app_id=scope, dataset_id="pets-set", dataset_versions=[version]
            ),
        ),
    ]


def populate(emulator: Emulator) -> World:
    """Inputs (by URL and by bytes), a model with a version, a workflow, a concept, a saved
    search, a dataset with a version, an extraction job, a second app with its own key, and a
    second user with an app: made through the API, as a user would."""
    channel = ClarifaiChannel.get_insecure_grpc_channel(base=emulator.host, port=emulator.grpc_port)
    stub = service_pb2_grpc.V2Stub(channel)
    pat = key(emulator.account.pat)
    scope = resources_pb2.UserAppIDSet(user_id=emulator.account.user_id, app_id=emulator.account.app_id)
    inputs = images(3)
    inputs[2].data.image.Clear()
    inputs[2].data.image.base64 = PNG
    inputs[0].data.concepts.add(id="dog", value=1.0)
    calls = [
        ("PostInputs", service_pb2.PostInputsRequest(user_app_id=scope, inputs=inputs)),
        (
            "PostModels",
            service_pb2.PostModelsRequest(
                user_app_id=scope,
                models=[resources_pb2.Model(id="pets", model_type_id="embedding-classifier")],
            ),
        ),
        (
            "PostModelVersions",
            service_pb2.PostModelVersionsRequest(
                user_app_id=scope,
                model_id="pets",
                model_versions=[
                    resources_pb2.ModelVersion(
                        output_info=resources_pb2.OutputInfo(
                            data=resources_pb2.Data(concepts=[resources_pb2.Concept(id="dog")])
                        )
                    )
                ],
            ),
        ),
        (
            "PostWorkflows",
            service_pb2.PostWorkflowsRequest(
                user_app_id=scope,
                workflows=[
                    resources_pb2.Workflow(
                        id="general",
                        nodes=[
                            resources_pb2.WorkflowNode(
                                id="classify",
                                model=resources_pb2.Model(
                                    id="general-image-recognition", user_id="clarifai", app_id="main"
                                ),
                            )
                        ],
                    )
                ],
            ),
        ),
        ("PostApps", service_pb2.PostAppsRequest(user_app_id=scope, apps=[resources_pb2.App(id="other")])),
        ("PostSearches", service_pb2.PostSearchesRequest(user_app_id=scope, searches=[_saved_search()])),
        *_dataset_calls(scope),
    ]
    for rpc, request in calls:
        status = getattr(stub, rpc)(request, metadata=pat).status
        assert status.code == 10000, f"{rpc}: {status}"
    made = stub.PostKeys(
        service_pb2.PostKeysRequest(
            user_app_id=scope,
            keys=[
                resources_pb2.Key(description="other", scopes=["All"], apps=[resources_pb2.App(id="other")])
            ],
        ),
        metadata=pat,
    )
    assert made.status.code == 10000, made.status
    main = resources_pb2.UserAppIDSet(user_id="clarifai", app_id="main")
    listed = stub.ListConcepts(service_pb2.ListConceptsRequest(user_app_id=main), metadata=pat)
    assert listed.status.code == 10000, listed.status  # clarifai/main's concepts are made at first use
    url = resources_pb2.DataSourceURL(url="s3://unreadable-bucket/x/")
    source = resources_pb2.InputsDataSource(inputs_add_job_id="unreadable", url=url)
    extraction = stub.PostInputsDataSources(
        service_pb2.PostInputsDataSourcesRequest(user_app_id=scope, data_sources=[source]), metadata=pat
    )
    assert extraction.status.code == 10000, extraction.status
    stranger = seed(emulator.store, emulator.ids, "stranger", "secret-app")
    emulator.api.checkpoint(save=False)  # made outside a request: what an undone request goes back to
    extraction_id = extraction.inputs_add_jobs[0].extraction_jobs[0].id
    return World(emulator, stranger, made.keys[0].id, channel, extraction_id)
