"""cookbook.pictures: the boxes of regions drawn on their image, for the notebooks."""

import matplotlib.pyplot as plt
import pytest
from clarifai_grpc.grpc.api import resources_pb2
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from cookbook.catalog import ROOT
from cookbook.pictures import (
    STATUS_COLOURS,
    draw_regions,
    draw_status_timeline,
    draw_thumbnails,
    label_of,
    status_colours,
)

ASTRONAUT = (ROOT / "data" / "images" / "astronaut.jpg").read_bytes()  # 400 x 400
CHELSEA = (ROOT / "data" / "images" / "chelsea.jpg").read_bytes()  # 400 x 266
REGIONS = [
    {
        "id": "a",
        "region_info": {
            "bounding_box": {"top_row": 0.1, "left_col": 0.2, "bottom_row": 0.5, "right_col": 0.4}
        },
    },
    {
        "id": "b",
        "region_info": {
            "bounding_box": {"top_row": 0.5, "left_col": 0.6, "bottom_row": 0.9, "right_col": 0.8}
        },
    },
]


@pytest.fixture
def drawn():
    """Figures made by a test, closed after it."""
    figures = []
    yield figures
    for figure in figures:
        plt.close(figure)


def rectangles(figure):
    return [patch for patch in figure.axes[0].patches if isinstance(patch, Rectangle)]


def test_draw_regions_draws_one_labelled_box_per_region(drawn):
    figure = draw_regions(ASTRONAUT, REGIONS, title="Two faces")
    drawn.append(figure)
    assert isinstance(figure, Figure)
    assert len(rectangles(figure)) == 2
    axes = figure.axes[0]
    assert axes.get_title() == "Two faces"
    assert axes.get_xlabel() == "x (pixels)" and axes.get_ylabel() == "y (pixels)"
    assert [text.get_text() for text in axes.texts] == ["face 1", "face 2"]


def test_boxes_are_fractions_of_the_image_drawn_in_pixels(drawn):
    figure = draw_regions(CHELSEA, REGIONS[:1], labels=["cat"])
    drawn.append(figure)
    (box,) = rectangles(figure)
    assert box.get_xy() == pytest.approx((80, 26.6))  # left 0.2 of 400 px, top 0.1 of 266 px
    assert (box.get_width(), box.get_height()) == pytest.approx((80, 106.4))
    assert figure.axes[0].texts[0].get_text() == "cat"


def test_draw_regions_takes_protobuf_regions_and_demographics_records(drawn):
    box = resources_pb2.BoundingBox(top_row=0.25, left_col=0.25, bottom_row=0.75, right_col=0.75)
    region = resources_pb2.Region(id="p", region_info=resources_pb2.RegionInfo(bounding_box=box))
    record = {"box": {"top_row": 0.1, "left_col": 0.1, "bottom_row": 0.2, "right_col": 0.2}}
    record |= {"age": "30-39", "gender": "feminine", "multicultural": "white"}
    figure = draw_regions(ASTRONAUT, [region, record])
    drawn.append(figure)
    assert len(rectangles(figure)) == 2
    assert rectangles(figure)[0].get_xy() == pytest.approx((100, 100))
    assert figure.axes[0].texts[1].get_text() == "30-39, feminine, white"


def test_a_region_label_is_its_top_concept():
    region = {"data": {"concepts": [{"name": "face", "value": 0.25}, {"name": "cat", "value": 0.75}]}}
    assert label_of(region, 1) == "cat 0.75"


def test_draw_regions_refuses_a_wrong_number_of_labels():
    with pytest.raises(ValueError, match="1 labels for 2 regions"):
        draw_regions(ASTRONAUT, REGIONS, labels=["only one"])


def test_draw_thumbnails_draws_one_captioned_picture_per_image(drawn):
    figure = draw_thumbnails([ASTRONAUT, CHELSEA], ["astronaut 0.88", "chelsea 0.39"], title="Hits")
    drawn.append(figure)
    assert figure.get_suptitle() == "Hits"
    assert [axes.get_xlabel() for axes in figure.axes] == ["astronaut 0.88", "chelsea 0.39"]
    assert [axes.images[0].get_array().shape[:2] for axes in figure.axes] == [(400, 400), (266, 400)]


def test_draw_thumbnails_refuses_no_images_or_a_wrong_number_of_captions():
    with pytest.raises(ValueError, match="no images"):
        draw_thumbnails([], [])
    with pytest.raises(ValueError, match="1 captions for 2 images"):
        draw_thumbnails([ASTRONAUT, CHELSEA], ["one"])


TIMELINE = {
    "a": ["INPUT_PENDING (30001)", "INPUT_IN_PROGRESS (30003)", "INPUT_SUCCESS (30000)"],
    "b": ["INPUT_PENDING (30001)", "INPUT_IN_PROGRESS (30003)", "INPUT_FAILED (30002)"],
}


def test_a_status_timeline_has_one_square_per_input_and_poll(drawn):
    figure = draw_status_timeline(TIMELINE, title="Two inputs", poll_label="ListInputs poll")
    drawn.append(figure)
    axes = figure.axes[0]
    squares = rectangles(figure)
    assert len(squares) == 6
    assert axes.get_title() == "Two inputs"
    assert axes.get_xlabel() == "ListInputs poll" and axes.get_ylabel() == "input"
    assert [label.get_text() for label in axes.get_yticklabels()] == ["a", "b"]
    failed = next(square for square in squares if square.get_xy() == pytest.approx((1.55, 0.6)))
    assert to_hex(failed.get_facecolor()) == STATUS_COLOURS["INPUT_FAILED"]


def test_a_status_timeline_legend_names_each_status_once_in_order_of_appearance(drawn):
    timeline = {**TIMELINE, "c": ["INPUT_PENDING (30001)", "not listed"]}
    figure = draw_status_timeline(timeline)
    drawn.append(figure)
    legend = [text.get_text() for text in figure.axes[0].get_legend().get_texts()]
    assert legend == [
        "INPUT_PENDING (30001)",
        "INPUT_IN_PROGRESS (30003)",
        "not listed",
        "INPUT_SUCCESS (30000)",
        "INPUT_FAILED (30002)",
    ]


def test_a_status_is_coloured_by_its_name_whatever_its_code_and_others_get_colours_of_their_own():
    colours = status_colours(["INPUT_SUCCESS (30000)", "not listed (deleted)", "ODD (1)", "ODDER (2)"])
    assert colours["INPUT_SUCCESS (30000)"] == STATUS_COLOURS["INPUT_SUCCESS"]
    assert colours["not listed (deleted)"] == STATUS_COLOURS["not listed"]
    assert colours["ODD (1)"] != colours["ODDER (2)"]


def test_a_box_at_the_top_of_the_image_has_its_label_inside_it(drawn):
    top_box = {"box": {"top_row": 0.0, "left_col": 0.2, "bottom_row": 0.4, "right_col": 0.6}}
    figure = draw_regions(ASTRONAUT, [top_box, REGIONS[1]], labels=["top", "lower"])
    drawn.append(figure)
    inside, above = figure.axes[0].texts
    assert inside.get_position() == pytest.approx((80, 4)) and inside.get_va() == "top"
    assert above.get_position() == pytest.approx((240, 196)) and above.get_va() == "bottom"
