"""machina's forum admin, re-registered: the form raises no Django 6 deprecation warning (warnings are
errors in the suite), and forums can still be moved up and down."""

from django.urls import reverse


def test_the_forum_admin_pages_work(client, caf_forum, animateur):
    client.force_login(animateur)
    assert client.get(reverse("admin:forum_forum_changelist")).status_code == 200
    assert client.get(reverse("admin:forum_forum_add")).status_code == 200
    assert client.get(reverse("admin:forum_forum_change", args=[caf_forum.pk])).status_code == 200
    move = reverse("admin:forum_forum_move", kwargs={"forum_id": caf_forum.pk, "direction": "up"})
    assert client.get(move).status_code == 302
    sideways = reverse("admin:forum_forum_move", kwargs={"forum_id": caf_forum.pk, "direction": "sideways"})
    assert client.get(sideways).status_code == 404


def test_our_forum_records_in_the_admin(client, caf_forum, animateur):
    client.force_login(animateur)
    for name in ("forum_ext_partnerforum", "forum_ext_topicanswer", "forum_ext_notificationpreference"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
