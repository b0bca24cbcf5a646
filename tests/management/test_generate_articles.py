"""generate_articles as a command: what it refuses."""

import pytest
from django.core.management.base import CommandError

from tests.helpers import generate_command


@pytest.mark.django_db
@pytest.mark.parametrize("count", ["0", "-5", "many"])
def test_the_command_refuses_a_count_that_is_not_positive(count):
    """A count that is not a positive whole number is a usage error, not an empty run."""
    with pytest.raises(CommandError):
        generate_command("--count", count)
