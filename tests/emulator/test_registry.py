"""Change modules: one per dated change, named and dated as in the catalog."""

from emulator.changes import legacy_fields, registry
from emulator.descriptors import rpcs
from recipes import catalog


def test_each_module_matches_its_catalog_row():
    by_code = {change.code: change for change in catalog.load()}
    for change in registry():
        row = by_code[change.code]
        assert change.date == row.date
        slug = change.module.__name__.rsplit(".", 1)[1]
        assert slug.startswith(change.code.lower() + "_")
        assert slug.removeprefix(change.code.lower() + "_") == row.id[11:].replace("-", "_")


def test_modules_name_real_rpcs_and_have_a_hook():
    for change in registry():
        assert change.rpcs and change.rpcs <= set(rpcs())
        assert change.hook("before") or change.hook("after")


def test_legacy_fields_name_real_messages():
    from google.protobuf import descriptor_pool

    for message in legacy_fields():
        descriptor = descriptor_pool.Default().FindMessageTypeByName(message)
        for number in legacy_fields()[message]:
            assert descriptor.fields_by_number.get(number) is None  # removed from today's protos
