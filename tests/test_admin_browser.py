"""An editor's first session in a real browser: log in, work the review queue, fix a date."""

import pytest
from playwright.sync_api import expect

from archive.importing.saving import import_paths
from archive.models import Article, DateFrom
from tests.helpers import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_logs_in_reviews_and_sets_a_date(
    live_server, page, django_user_model, artifacts_dir
):
    """An editor logs in, opens the review queue, sets a missing date and sees it saved."""
    import_paths([FIXTURES])
    django_user_model.objects.create_user(
        "editor", password="a long editor password", is_staff=True, is_superuser=True
    )

    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long editor password")
    page.click("input[type=submit]")
    page.get_by_role("link", name="Review queue").first.click()
    page.screenshot(path=artifacts_dir / "admin-review-queue.png", full_page=True)
    queue = page.locator("#result_list")
    expect(queue.get_by_text("Saturday, December 26")).to_be_visible()
    expect(queue.get_by_text("title derived from the first sentence").first).to_be_visible()

    page.get_by_role("link", name="Second International ‘Al-Ghaliboon’ Conference").click()
    page.fill("#id_published", "2025-12-26")
    page.screenshot(path=artifacts_dir / "admin-article-edit.png", full_page=True)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    article = Article.objects.get(title__startswith="Second International")
    assert (str(article.published), article.date_from) == ("2025-12-26", DateFrom.EDITOR)
    assert "date" not in article.review_reasons
