from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, F, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from archive.ingest.sources import source_key
from archive.originals import DELETED, lock_against_saving, originals, set_aside
from archive.vocabulary import terms
from archive.vocabulary.body import blocks_from_body, word_count

SLUG_CHARS = 80


def slug_for(text, fallback):
    """Return the URL slug for a title or a name (any script kept), `fallback` for none."""
    return slugify(text, allow_unicode=True)[:SLUG_CHARS].strip("-") or fallback


def unique_slug(model, text, instance_pk=None):
    """Return a slug for `text` that no other row of `model` has."""
    base = slug_for(text, "source")
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=instance_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class SourceQuerySet(models.QuerySet):
    def with_article_counts(self):
        return self.annotate(article_count=Count("articles", distinct=True))

    def named(self, name):
        """Return the sources whose name or one of whose aliases is a spelling of `name`."""
        key = source_key(name)
        return self.filter(Q(key=key) | Q(aliases__key=key)).distinct()


class Source(models.Model):
    """A news outlet or agency. Its aliases make other spellings find it."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True, editable=False)
    key = models.CharField(
        max_length=200,
        unique=True,
        editable=False,
        help_text="The name folded for matching: case, 'www.' and '.com' do not count.",
    )
    homepage = models.URLField(blank=True, help_text="The outlet's home page, if known.")

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ("name",)

    def __str__(self):
        return self.name

    def clean(self):
        self.key = source_key(self.name)
        if Source.objects.filter(key=self.key).exclude(pk=self.pk).exists():
            raise ValidationError(
                {"name": "A source with this name, or another spelling of it, exists."}
            )

    def save(self, *args, **kwargs):
        self.key = source_key(self.name)
        if not self.slug:
            self.slug = unique_slug(Source, self.name, self.pk)
        super().save(*args, **kwargs)

    def absorb(self, others):
        """Merge the `others` sources into this one; return the ids of the articles moved.

        Their articles and aliases move here and their names become aliases, so later
        imports under those names land here too.
        """
        others = [other for other in others if other.pk != self.pk]
        with transaction.atomic():
            moved = list(Article.objects.filter(source__in=others).values_list("pk", flat=True))
            Article.objects.filter(pk__in=moved).update(source=self, updated_at=timezone.now())
            SourceAlias.objects.filter(source__in=others).update(source=self)
            for other in others:
                other.delete()
                SourceAlias.objects.create(source=self, name=other.name, slug=other.slug)
        return moved


class SourceAlias(models.Model):
    """Another spelling of a source's name, such as 'Firstpost.com' for 'firstpost'."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)
    # The slug of the source this alias was, when it was merged in: its old page
    # redirects to the one it was merged into.
    slug = models.SlugField(max_length=100, allow_unicode=True, blank=True, editable=False)

    class Meta:
        ordering = ("name",)
        verbose_name_plural = "source aliases"

    def __str__(self):
        return self.name

    def clean(self):
        self.key = source_key(self.name)
        if SourceAlias.objects.filter(key=self.key).exclude(pk=self.pk).exists():
            raise ValidationError({"name": "This spelling is already an alias of a source."})

    def save(self, *args, **kwargs):
        self.key = source_key(self.name)
        super().save(*args, **kwargs)


class AliasGroup(models.Model):
    """Names that mean one thing to a researcher: a search for one finds them all."""

    name = models.CharField(
        max_length=200, unique=True, help_text="What the group is about, e.g. 'Islamic State'."
    )
    members = models.TextField(
        help_text="One name per line, e.g. ISIL, ISIS, Daesh, Islamic State. "
        "A search for any of them searches for all; no reindexing is needed.",
    )

    class Meta:
        ordering = ("name",)

    def __str__(self):
        return self.name

    @property
    def member_list(self):
        return list(
            dict.fromkeys(line.strip() for line in self.members.splitlines() if line.strip())
        )


def choices(vocabulary_term):
    """Return Django choices of one of the archive's terms (vocabulary/terms.py)."""
    return models.TextChoices(
        vocabulary_term.__name__,
        [(term.name, (term.value, term.label)) for term in vocabulary_term],
    )


DateFrom = choices(terms.DateFrom)
ReviewReason = choices(terms.ReviewReason)
Format = choices(terms.Format)


class ArticleQuerySet(models.QuerySet):
    def dated(self):
        return self.filter(published__isnull=False)

    def undated(self):
        return self.filter(published__isnull=True)

    def needs_review(self):
        return self.filter(needs_review=True)

    def for_source(self, source):
        return self.filter(source=source)

    def with_related(self):
        return self.select_related("source")

    def in_order(self, ids):
        """Return the articles with these ids in the order given (as the index ranked them).

        One query; ids of articles deleted since they were indexed are skipped.
        """
        found = self.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


class Article(models.Model):
    """One news article, as imported and as editors have corrected it."""

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=100, allow_unicode=True, editable=False)
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="Leave empty when the outlet is unknown.",
    )
    author = models.CharField(max_length=300, blank=True)
    url = models.URLField(
        "URL", max_length=2000, blank=True, help_text="Where the article was published."
    )
    published = models.DateField(
        null=True, blank=True, help_text="The publication date; empty when it is unknown."
    )
    date_from = models.CharField(
        "date found in",
        max_length=10,
        choices=DateFrom.choices,
        blank=True,
        help_text="How the publication date was found. Set to 'set by an editor' when you change the date.",
    )
    date_hint = models.CharField(
        max_length=200,
        blank=True,
        help_text="The date as the text gives it, e.g. 'Saturday, December 26', when the year was uncertain.",
    )
    body = models.TextField(
        help_text="The article text: paragraphs apart by a blank line; a line starting with '## ' is a subheading."
    )
    language = models.CharField(
        max_length=20, blank=True, help_text="A language code such as 'en'."
    )
    word_count = models.PositiveIntegerField(default=0, editable=False)
    content_hash = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        help_text="SHA-256 of the original: the same original is never imported twice.",
    )
    original = models.FileField(storage=originals, max_length=200, blank=True, editable=False)
    original_name = models.CharField(
        max_length=500, blank=True, editable=False, help_text="The imported file's name as given."
    )
    original_format = models.CharField(max_length=10, choices=Format.choices, editable=False)
    needs_review = models.BooleanField(default=False, db_index=True)
    review_reasons = models.JSONField(default=list, blank=True, editable=False)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = (F("published").desc(nulls_last=True), "-id")
        get_latest_by = "published"
        indexes = (
            models.Index(fields=["published", "id"]),
            models.Index(fields=["source", "published"]),
            models.Index(fields=["imported_at"]),
        )

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("archive:article", args=[self.pk, self.slug])

    @property
    def blocks(self):
        return blocks_from_body(self.body)

    @property
    def subheadings(self):
        return [block.text for block in self.blocks if block.is_subheading]

    @property
    def download_name(self):
        """Return the file name to download the original under."""
        given = PurePath(self.original_name).name
        if given and self.original_format in (Format.TEXT, Format.HTML):
            return given
        return PurePath(self.original.name).name

    def get_review_reasons_display(self):
        return [
            ReviewReason(reason).label for reason in self.review_reasons if reason in ReviewReason
        ]

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def fill_derived_fields(self):
        """Set the fields that follow from others (save() does; a bulk insert must call it)."""
        # Follows the title; old links still work, as article URLs are found by id.
        self.slug = slug_for(self.title, "article")
        self.word_count = word_count(self.blocks)

    def apply_editor_changes(self, changed_fields):
        """Note an editor's corrections: a date they set is theirs, and fixed issues leave review."""
        resolved = set()
        if "published" in changed_fields:
            self.date_from = DateFrom.EDITOR if self.published else ""
            if self.published:
                resolved.add(ReviewReason.DATE)
        if "title" in changed_fields:
            resolved.add(ReviewReason.TITLE)
        if "source" in changed_fields and self.source_id:
            resolved.add(ReviewReason.SOURCE)
        if "needs_review" in changed_fields:
            if not self.needs_review:
                self.review_reasons = []
        elif resolved:
            self.review_reasons = [r for r in self.review_reasons if r not in resolved]
            self.needs_review = bool(self.review_reasons)


@receiver(post_delete, sender=Article)
def set_aside_deleted_original(sender, instance, **kwargs):
    """Move a deleted article's original to originals/deleted/ once the deletion commits:
    out of the archive, so check_archive sees no orphan, yet importable to bring it back."""
    if name := instance.original.name:
        transaction.on_commit(lambda: _set_aside_if_unused(name))


def _set_aside_if_unused(name):
    # Exclusive: an import holding the lock may be saving an article of this very
    # original, not yet committed, so it must finish before the check.
    with lock_against_saving():
        if not Article.objects.filter(original=name).exists():
            set_aside(name, DELETED)
