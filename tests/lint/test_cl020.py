"""CL020: workflow nodes answer V2 model ids; comparisons with old hash ids break."""

from textwrap import dedent

import pytest

from tests.lint.helpers import fixed, flags

CODE = "CL020"
HASH = "aaa03c23b3724a16a56b629203edc62c"

FIXED = [
    (
        f'for node in workflow.nodes:\n    if node.model.id == "{HASH}":\n        print(node.id)\n',
        "for node in workflow.nodes:\n"
        '    if node.model.id == "general-image-recognition":\n'
        "        print(node.id)\n",
    ),
    (
        f"found = [n for n in nodes if n['model']['id'] != '{HASH}']\n",
        "found = [n for n in nodes if n['model']['id'] != 'general-image-recognition']\n",
    ),
    (
        'if node.model.id in ("bbb5f41425b8468d9b7a554ff10f8581", '
        '"cccbe437d6e54e2bb911c6aa292fb072"):\n    pass\n',
        'if node.model.id in ("general-image-embedding", "general-clusterering"):\n    pass\n',
    ),
    (
        f'match node.model.id:\n    case "{HASH}":\n        pass\n',
        'match node.model.id:\n    case "general-image-recognition":\n        pass\n',
    ),
]
NOT_FLAGGED = [
    f'request = PostModelOutputsRequest(model_id="{HASH}")',  # requests still accept the hash
    f'GENERAL = "{HASH}"\nstub.GetModel(GetModelRequest(model_id=GENERAL))',
    'if node.model.id == "general-image-recognition":\n    pass',
    'if value == "0123456789abcdef0123456789abcdef":\n    pass',  # not a known model id
]


@pytest.mark.parametrize(("before", "after"), FIXED)
def test_a_hash_id_in_a_comparison_is_flagged_and_fixed(before, after):
    assert flags(before, CODE)
    assert fixed(before, CODE, unsafe=True) == after
    assert fixed(before, CODE) == dedent(before)  # unsafe: saved data may hold the hash id


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_hash_ids_in_requests_and_v2_ids_are_left_alone(source):
    assert not flags(source, CODE)


THROUGH_A_CONSTANT = [
    f'GENERAL = "{HASH}"\n'
    "for node in response.results[0].outputs:\n    if node.model.id == GENERAL:\n        pass",
    f'IDS = "{HASH}"\nmatched = [o for o in outputs if o.model.id != IDS]',
]


@pytest.mark.parametrize("source", THROUGH_A_CONSTANT)
def test_a_hash_id_compared_through_a_module_constant_is_flagged_not_fixed(source):
    assert flags(source, CODE)
    assert fixed(source, CODE, unsafe=True) == dedent(source)


def test_a_constant_that_is_not_an_old_id_stays_silent():
    assert not flags('GENERAL = "general-image-recognition"\nif node.model.id == GENERAL:\n    pass', CODE)
