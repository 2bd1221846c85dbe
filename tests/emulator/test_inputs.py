"""Inputs today: asynchronous adds and deletes, limits, patches and counts."""

from clarifai_grpc.grpc.api import resources_pb2, service_pb2

from emulator import Emulator
from tests.helpers import image, images


def post(stub, pat, app_id, inputs):
    return stub.PostInputs(service_pb2.PostInputsRequest(user_app_id=app_id, inputs=inputs), metadata=pat)


def get(stub, pat, app_id, input_id):
    return stub.GetInput(service_pb2.GetInputRequest(user_app_id=app_id, input_id=input_id), metadata=pat)


def listed(stub, pat, app_id, **fields):
    request = service_pb2.ListInputsRequest(user_app_id=app_id, **fields)
    return stub.ListInputs(request, metadata=pat)


def test_an_input_is_pending_then_downloading_then_done(stub, pat, app_id):
    response = post(stub, pat, app_id, [image(input_id="a")])
    assert response.status.description == "Ok"
    assert (response.inputs[0].status.code, response.inputs[0].status.description) == (
        30001,
        "Download pending",
    )
    assert get(stub, pat, app_id, "a").input.status.code == 30003
    done = get(stub, pat, app_id, "a").input.status
    assert (done.code, done.description) == (30000, "Download complete")


def test_created_inputs_keep_their_data_and_get_ids_and_timestamps(stub, pat, app_id):
    added = post(stub, pat, app_id, [image("https://samples.clarifai.com/dog2.jpeg")]).inputs[0]
    assert len(added.id) == 32
    assert added.data.image.url == "https://samples.clarifai.com/dog2.jpeg"
    assert added.created_at.seconds > 0


def test_more_than_128_inputs_are_refused_and_none_kept(stub, pat, app_id):
    response = post(stub, pat, app_id, images(129))
    assert response.status.code == 11102
    assert "129" in response.status.details
    assert listed(stub, pat, app_id).inputs == []


def test_a_duplicate_id_refuses_the_whole_batch(stub, pat, app_id):
    post(stub, pat, app_id, [image(input_id="taken")])
    response = post(stub, pat, app_id, [image(input_id="fresh"), image(input_id="taken")])
    assert response.status.code == 40010  # DATABASE_DUPLICATE_KEY, the documented code of a duplicate id
    assert "taken" in response.status.details
    assert get(stub, pat, app_id, "fresh").status.code == 11101


def test_an_input_without_data_is_refused(stub, pat, app_id):
    assert post(stub, pat, app_id, [resources_pb2.Input(id="empty")]).status.code == 30104


def test_missing_input_is_conn_does_not_exist(stub, pat, app_id):
    status = get(stub, pat, app_id, "nope").status
    assert (status.code, status.description) == (11101, "Resource does not exist")


def test_list_pages_newest_first_and_filters(stub, pat, app_id):
    post(stub, pat, app_id, images(5))
    page = listed(stub, pat, app_id, page=2, per_page=2).inputs
    assert [i.id for i in page] == ["in-0002", "in-0001"]
    chosen = listed(stub, pat, app_id, ids=["in-0000", "in-0004", "zzz"]).inputs
    assert sorted(i.id for i in chosen) == ["in-0000", "in-0004"]


def test_list_filters_by_status(stub, pat, app_id):
    post(stub, pat, app_id, images(3))
    post(stub, pat, app_id, [image(input_id="late")])
    from clarifai_grpc.grpc.api.status import status_pb2

    pending = listed(stub, pat, app_id, status=status_pb2.Status(code=30003)).inputs
    assert [i.id for i in pending] == ["late"]


def test_bad_pages_are_refused(stub, pat, app_id):
    assert listed(stub, pat, app_id, per_page=1001).status.code == 11102


def test_deletes_are_asynchronous(stub, pat, app_id):
    post(stub, pat, app_id, images(3))
    request = service_pb2.DeleteInputsRequest(user_app_id=app_id, ids=["in-0000", "in-0001"])
    assert stub.DeleteInputs(request, metadata=pat).status.code == 10000
    assert get(stub, pat, app_id, "in-0000").status.code == 10000  # still readable
    assert get(stub, pat, app_id, "in-0000").status.code == 11101  # gone two requests later
    assert [i.id for i in listed(stub, pat, app_id).inputs] == ["in-0002"]


def test_a_deleted_inputs_id_is_free_once_it_is_gone_whether_or_not_it_was_read_since(stub, pat, app_id):
    post(stub, pat, app_id, images(1))
    request = service_pb2.DeleteInputsRequest(user_app_id=app_id, ids=["in-0000"])
    assert stub.DeleteInputs(request, metadata=pat).status.code == 10000
    for _ in range(3):  # requests that read no input: the delete finishes meanwhile
        assert (
            stub.ListModels(service_pb2.ListModelsRequest(user_app_id=app_id), metadata=pat).status.code
            == 10000
        )
    assert post(stub, pat, app_id, images(1)).status.code == 10000


def test_delete_one_input(stub, pat, app_id):
    post(stub, pat, app_id, [image(input_id="one")])
    request = service_pb2.DeleteInputRequest(user_app_id=app_id, input_id="one")
    assert stub.DeleteInput(request, metadata=pat).status.code == 10000
    assert stub.DeleteInput(request, metadata=pat).status.code == 10000  # still there, deleting
    get(stub, pat, app_id, "one")
    assert stub.DeleteInput(request, metadata=pat).status.code == 11101


def test_delete_inputs_limits(stub, pat, app_id):
    empty = service_pb2.DeleteInputsRequest(user_app_id=app_id)
    assert stub.DeleteInputs(empty, metadata=pat).status.code == 11102
    many = service_pb2.DeleteInputsRequest(user_app_id=app_id, ids=[str(n) for n in range(129)])
    response = stub.DeleteInputs(many, metadata=pat)
    assert response.status.code == 11102 and "129" in response.status.details


def _patch(stub, pat, app_id, action, data):
    request = service_pb2.PatchInputsRequest(
        user_app_id=app_id, action=action, inputs=[resources_pb2.Input(id="p", data=data)]
    )
    return stub.PatchInputs(request, metadata=pat)


def _with_concepts(*ids, geo=False):
    data = resources_pb2.Data(concepts=[resources_pb2.Concept(id=i, value=1) for i in ids])
    if geo:
        data.geo.geo_point.latitude = 40.0
    return data


def test_patch_merge_remove_overwrite(stub, pat, app_id):
    start = image(input_id="p")
    start.data.MergeFrom(_with_concepts("dog", geo=True))
    post(stub, pat, app_id, [start])
    merged = _patch(stub, pat, app_id, "merge", _with_concepts("cat"))
    assert merged.inputs[0].status.code == 30200
    assert merged.inputs[0].status.description == "Input image modification success"
    assert [c.id for c in merged.inputs[0].data.concepts] == ["dog", "cat"]
    removed = _patch(stub, pat, app_id, "remove", _with_concepts("dog"))
    assert [c.id for c in removed.inputs[0].data.concepts] == ["cat"]
    overwritten = _patch(stub, pat, app_id, "overwrite", _with_concepts("bird"))
    data = overwritten.inputs[0].data
    assert [c.id for c in data.concepts] == ["bird"]
    assert not data.HasField("geo")  # overwrite replaces the data sent...
    assert data.image.url == start.data.image.url  # ...but never the input's image


def test_patch_refuses_unknown_actions_and_inputs_without_changing_any(stub, pat, app_id):
    post(stub, pat, app_id, [image(input_id="p")])
    assert _patch(stub, pat, app_id, "replace", _with_concepts("x")).status.code == 11102
    request = service_pb2.PatchInputsRequest(
        user_app_id=app_id,
        action="merge",
        inputs=[resources_pb2.Input(id="p", data=_with_concepts("x")), resources_pb2.Input(id="ghost")],
    )
    assert stub.PatchInputs(request, metadata=pat).status.code == 11101
    assert list(get(stub, pat, app_id, "p").input.data.concepts) == []


def test_input_count_by_status(stub, pat, app_id):
    post(stub, pat, app_id, images(2))
    post(stub, pat, app_id, [image(input_id="new")])
    request = service_pb2.GetInputCountRequest(user_app_id=app_id)
    counts = stub.GetInputCount(request, metadata=pat).counts
    assert (counts.processed, counts.processing, counts.to_process) == (2, 1, 0)


def test_two_emulators_with_one_seed_give_the_same_ids_and_keys():
    with Emulator() as first, Emulator() as second:
        assert first.account == second.account
