"""Units form a tree of any depth; a subtree is a prefix of the materialised path."""

import pytest

from thaogo.units.models import Unit

pytestmark = pytest.mark.django_db


def test_subtree_reaches_every_level_below(world, make):
    street = make.unit("Tổ 1, tổ dân phố số 5", parent=world.residential_group, kind="agency")
    household = make.unit("Nhóm hộ A", parent=street, kind="agency")
    assert household.depth == 5
    subtree = set(world.district.subtree())
    assert {world.vinh_niem, world.residential_group, street, household} <= subtree
    assert world.foreign_commune not in subtree
    assert world.city not in subtree


def test_ancestors_are_listed_from_the_root(world):
    assert world.residential_group.ancestors() == [world.city, world.district, world.vinh_niem]


def test_moving_a_unit_moves_its_whole_subtree(world):
    ward = world.vinh_niem
    ward.parent = world.foreign_district
    ward.save()
    group = Unit.objects.get(pk=world.residential_group.pk)
    assert group.path.startswith(world.foreign_district.path)
    assert group in world.foreign_district.subtree()
    assert group not in world.district.subtree()
    assert world.petitions in world.foreign_district.tasks_in_subtree()


def test_tasks_in_subtree_include_tasks_of_sub_units(world):
    tasks = set(world.vinh_niem.tasks_in_subtree())
    assert tasks == {world.clearance, world.petitions}


def test_a_unit_cannot_be_placed_under_its_own_sub_unit(world):
    from django.core.exceptions import ValidationError

    ward = world.vinh_niem
    ward.parent = world.residential_group
    with pytest.raises(ValidationError):
        ward.full_clean()
