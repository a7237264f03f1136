"""Migrating a database that already holds lists keeps every list, item, owner
and sharee, and gives each list its own unguessable address."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("lists", "0001_initial"), ("accounts", "0001_initial")]


@pytest.fixture
def executor(transactional_db):
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    yield executor
    # Leave the schema as the other tests expect it, whatever happened.
    executor = MigrationExecutor(connection)
    executor.migrate(latest)


def test_existing_lists_survive_and_get_unique_random_addresses(executor):
    old = executor.loader.project_state(BEFORE).apps
    User, List, Item = (
        old.get_model(*name.split(".")) for name in ("accounts.User", "lists.List", "lists.Item")
    )
    edith = User.objects.create(email="edith@example.com")
    francis = User.objects.create(email="francis@example.com")
    owned = List.objects.create(owner=edith)
    owned.shared_with.add(francis)
    Item.objects.create(list=owned, text="Buy milk")
    Item.objects.create(list=owned, text="Walk dog")
    anonymous = List.objects.create()
    Item.objects.create(list=anonymous, text="Anyone's")

    executor.loader.build_graph()
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(latest)
    new = executor.loader.project_state(latest).apps
    List, Item = new.get_model("lists", "List"), new.get_model("lists", "Item")

    lists = list(List.objects.order_by("id"))
    assert [list_.id for list_ in lists] == [owned.id, anonymous.id]
    migrated_owned, migrated_anonymous = lists
    assert migrated_owned.owner_id == "edith@example.com"
    assert [u.email for u in migrated_owned.shared_with.all()] == ["francis@example.com"]
    assert migrated_anonymous.owner_id is None
    texts = list(Item.objects.order_by("id").values_list("list_id", "text"))
    assert texts == [(owned.id, "Buy milk"), (owned.id, "Walk dog"), (anonymous.id, "Anyone's")]
    uids = [list_.uid for list_ in lists]
    assert all(uid is not None and uid.version == 4 for uid in uids)
    assert len(set(uids)) == 2


def test_new_lists_after_the_migration_get_fresh_addresses(executor):
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from superlists.lists.models import List

    assert List.objects.create().uid != List.objects.create().uid
