"""CL006's scaffolding: a labelled photo (concepts, metadata, geo) added and read back as one
row of a table, and the snippet's three requests sent in order."""

from __future__ import annotations

from typing import Any

from clarifai_grpc.grpc.api import resources_pb2, service_pb2
from google.protobuf import struct_pb2

from recipes import add_inputs, wait_for_inputs
from recipes.connect import Session

from ..then import OldAnswer, OldRequest, send

LABELS = ("dog", "outdoor")
METADATA = {"source": "cookbook", "camera": "x100"}
LATITUDE, LONGITUDE = 40.7, -74.0


def metadata(**values: Any) -> struct_pb2.Struct:
    """A `Struct` holding `values`, as `data.metadata` takes it."""
    found = struct_pb2.Struct()
    found.update(values)
    return found


def add_labelled_photo(session: Session, input_id: str, image_url: str) -> str:
    """Add the photo with two concepts (`LABELS`), `METADATA` and a geo point, with our own
    id; wait until it is downloaded and return its id."""
    data = resources_pb2.Data(
        image=resources_pb2.Image(url=image_url, allow_duplicate_url=True),  # added several times
        concepts=[resources_pb2.Concept(id=label, value=1.0) for label in LABELS],
        metadata=metadata(**METADATA),
        geo=resources_pb2.Geo(geo_point=resources_pb2.GeoPoint(latitude=LATITUDE, longitude=LONGITUDE)),
    )
    add_inputs(session, [resources_pb2.Input(id=input_id, data=data)])
    wait_for_inputs(session, [input_id])
    return input_id


def read_data(session: Session, input_id: str) -> resources_pb2.Data:
    """The input's data, as GetInput answers it."""
    request = service_pb2.GetInputRequest(user_app_id=session.user_app_id, input_id=input_id)
    return session.stub.GetInput(request, metadata=session.metadata).input.data


def describe_data(data: resources_pb2.Data) -> dict[str, str]:
    """Concepts, metadata and geo of an input's data, as short sorted text."""
    point = data.geo.geo_point
    return {
        "concepts": ", ".join(sorted(c.id for c in data.concepts)) or "(none)",
        "metadata": ", ".join(f"{k}={v}" for k, v in sorted(dict(data.metadata).items())) or "(none)",
        "geo": f"{point.latitude:.1f}, {point.longitude:.1f}" if data.HasField("geo") else "(none)",
    }


def old_add(input_id: str, image_url: str) -> OldRequest:
    """The 2.x `create_image_from_url` of the snippet: the photo, its two labels, its source."""
    concepts = [{"id": label, "value": 1.0} for label in LABELS]
    data = {"image": {"url": image_url}, "concepts": concepts, "metadata": {"source": "cookbook"}}
    return OldRequest("POST", "/v2/inputs", {"inputs": [{"id": input_id, "data": data}]})


def send_in_order(day: Session, add: OldRequest, patch: OldRequest, get: OldRequest) -> tuple[OldAnswer, ...]:
    """Send the snippet's requests as of `day`: the three answers and the line it prints
    (made from the `GET` as the client does: a concept of value 1 is a label)."""
    added, patched, fetched = (send(day, request) for request in (add, patch, get))
    concepts = fetched.body.get("input", {}).get("data", {}).get("concepts", [])
    labels = sorted(c.get("name") or c["id"] for c in concepts if c.get("value", 1) == 1)
    line = "Concepts after the overwrite: %s" % (", ".join(labels) or "none")
    return added, patched, fetched, line
