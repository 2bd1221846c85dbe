"""Geo search: whether an input's `data.geo.geo_point` lies within a query's `data.geo`.

A query's geo is either a point with a `geo_limit` (a radius in one of Clarifai's documented
units: withinMiles, withinKilometers, withinRadians, withinDegrees) or a `geo_box` of two
corner points. Distances are great-circle distances by the haversine formula on a spherical
Earth (provenance: geo-search).
"""

from __future__ import annotations

import math

from clarifai_grpc.grpc.api import resources_pb2

from .statuses import ApiError

EARTH_RADIUS_KM = 6371.0088  # the mean Earth radius (IUGG)
KM_PER_UNIT = {
    "withinMiles": 1.609344,
    "withinKilometers": 1.0,
    "withinRadians": EARTH_RADIUS_KM,
    "withinDegrees": EARTH_RADIUS_KM * math.pi / 180,
}


def check(geo: resources_pb2.Geo, path: str) -> None:
    """11102 naming the part of a query's `geo` that is not a point + limit or a box."""
    if geo.geo_box:
        if len(geo.geo_box) != 2:
            raise ApiError("CONN_INVALID_REQUEST", "geo-box-points", field=f"{path}.geo_box")
        return
    if not geo.HasField("geo_point"):
        raise ApiError("CONN_INVALID_REQUEST", "geo-no-point", field=path)
    if geo.geo_limit.type not in KM_PER_UNIT:
        raise ApiError(
            "CONN_INVALID_REQUEST",
            "geo-limit-type",
            field=f"{path}.geo_limit.type",
            type=geo.geo_limit.type,
            allowed=", ".join(KM_PER_UNIT),
        )


def distance_km(left: resources_pb2.GeoPoint, right: resources_pb2.GeoPoint) -> float:
    """The great-circle distance between two points, in kilometres (haversine)."""
    lat1, lat2 = math.radians(left.latitude), math.radians(right.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(right.longitude - left.longitude)
    half = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(half)))


def _in_box(point: resources_pb2.GeoPoint, corners: list[resources_pb2.GeoPoint]) -> bool:
    """Whether `point` lies in the box the two corners span (inclusive)."""
    lats = sorted(corner.latitude for corner in corners)
    lons = sorted(corner.longitude for corner in corners)
    return lats[0] <= point.latitude <= lats[1] and lons[0] <= point.longitude <= lons[1]


def within(data: resources_pb2.Data, geo: resources_pb2.Geo) -> bool:
    """Whether the input data's geo point satisfies the query's `geo` (checked by `check`);
    an input without a geo point never does."""
    if not data.geo.HasField("geo_point"):
        return False
    point = data.geo.geo_point
    if geo.geo_box:
        return _in_box(point, [boxed.geo_point for boxed in geo.geo_box])
    radius_km = geo.geo_limit.value * KM_PER_UNIT[geo.geo_limit.type]
    return distance_km(point, geo.geo_point) <= radius_km
