"""Ranked search scores follow an input's content: kept by its digest, they are made anew when a
patch gives the input another image (the digest is made again at every change)."""

from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from clarifai_grpc.grpc.api.status import status_code_pb2

DOG = "ai_8S2Vq3cR"  # a concept of the general model
SAMPLE = "https://samples.clarifai.com/cookbook/scores/{name}.jpg"


def url_input(input_id: str, name: str) -> resources_pb2.Input:
    image = resources_pb2.Image(url=SAMPLE.format(name=name), allow_duplicate_url=True)
    return resources_pb2.Input(id=input_id, data=resources_pb2.Data(image=image))


def dog_scores(stub, pat, app_id) -> dict[str, float]:
    rank = resources_pb2.Rank(
        annotation=resources_pb2.Annotation(
            data=resources_pb2.Data(concepts=[resources_pb2.Concept(id=DOG, value=1)])
        )
    )
    search = resources_pb2.Search(query=resources_pb2.Query(ranks=[rank]))
    request = service_pb2.PostInputsSearchesRequest(user_app_id=app_id, searches=[search])
    response = stub.PostInputsSearches(request, metadata=pat)
    assert response.status.code == status_code_pb2.SUCCESS
    return {hit.input.id: round(hit.score, 6) for hit in response.hits}


def settle(stub, pat, app_id) -> None:
    for _ in range(3):  # the downloads finish on the virtual clock
        stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=app_id), metadata=pat)


def test_a_patched_image_is_ranked_by_its_new_content(stub, pat, app_id):
    inputs = [url_input("moved", "dog"), url_input("dog", "dog"), url_input("kettle", "kettle")]
    stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs), metadata=pat)
    settle(stub, pat, app_id)
    before = dog_scores(stub, pat, app_id)
    assert before["moved"] == before["dog"] != before["kettle"]

    patch = service_pb2.PatchInputsRequest(
        user_app_id=app_id, inputs=[url_input("moved", "kettle")], action="merge"
    )
    assert stub.PatchInputs(patch, metadata=pat).status.code == status_code_pb2.SUCCESS
    settle(stub, pat, app_id)
    after = dog_scores(stub, pat, app_id)
    assert after["moved"] == after["kettle"] == before["kettle"]
    assert after["dog"] == before["dog"]
