"""The report as one document model: sections of typed blocks, written as Markdown (the source)
and rendered to HTML from that same Markdown by markdown-it-py, so the two never disagree."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from ..render import to_markdown


@dataclass(frozen=True)
class Paragraph:
    text: str  # Markdown inline text (``**bold**``)


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Table:
    frame: pd.DataFrame


@dataclass(frozen=True)
class Figure:
    kind: str
    caption: str


@dataclass(frozen=True)
class Embed:
    """A page of the report folder shown in place (HTML) or linked (Markdown)."""

    src: str
    caption: str
    height: int = 640


@dataclass(frozen=True)
class Quotes:
    rows: list[tuple[str, str]]  # (who and how, the quote)


Block = Paragraph | Heading | Bullets | Table | Figure | Quotes | Embed


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self


@dataclass
class Document:
    title: str
    meta: str
    sections: list[Section]
    #: Figures that could not be drawn, and why (shown in their place instead of a picture).
    missing: dict[str, str] = field(default_factory=dict)


def block_markdown(
    block: Block, figure_src: Callable[[str], str], missing: dict[str, str] | None = None
) -> list[str]:
    """The Markdown lines of one block (a blank line after each)."""
    if isinstance(block, Paragraph):
        return [block.text, ""]
    if isinstance(block, Heading):
        return [f"### {block.text}", ""]
    if isinstance(block, Bullets):
        return [f"- {x}" for x in block.items] + [""]
    if isinstance(block, Table):
        return [to_markdown(block.frame).rstrip(), ""]
    if isinstance(block, Quotes):
        return [line for who, q in block.rows for line in (f"{who}:", "", f"> {q}", "")]
    if isinstance(block, Embed):
        return [f"[{block.caption}]({block.src})", ""]
    if missing and block.kind in missing:
        return [f"_No {block.caption.lower()} figure: {missing[block.kind]}._", ""]
    return [f"![{block.caption}]({figure_src(block.kind)})", ""]


def section_lines(
    section: Section, figure_src: Callable[[str], str], missing: dict[str, str] | None = None
) -> list[str]:
    """A section's body (without its title) as Markdown lines."""
    return [line for block in section.blocks for line in block_markdown(block, figure_src, missing)]


def to_markdown_text(doc: Document) -> str:
    """The whole report as Markdown, figures linked from ``figures/``."""

    def linked(kind: str) -> str:
        return f"figures/{kind}.png"

    out = [f"# {doc.title}", "", f"_{doc.meta}_", ""]
    for section in doc.sections:
        out += [f"## {section.title}", "", *section_lines(section, linked, doc.missing)]
    return "\n".join(out) + "\n"


CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1180px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em} h2{border-bottom:2px solid #4477aa;padding-bottom:.2em;margin-top:2em} h3{margin-bottom:.3em}
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.88em;width:100%} th,td{border:1px solid #ddd;padding:4px 7px;text-align:left;vertical-align:top}
th{background:#f1f4f9} tr:nth-child(even) td{background:#fafbfc} img{max-width:100%;border:1px solid #eee;margin:.5em 0}
blockquote{margin:.4em 0 .8em 1em;padding:.3em .8em;border-left:4px solid #c51b7d;background:#fbf3f7} .who{font-size:.85em;color:#555}
nav a{margin-right:1em} footer{margin-top:3em;color:#777;font-size:.85em}
"""


def to_html(doc: Document, images: dict[str, bytes], footer: str) -> str:
    """The report as one self-contained HTML page: each section's Markdown rendered by
    markdown-it-py (raw HTML in the data is escaped, never passed through), figures embedded as
    PNG data URIs, a table of contents linking the sections."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")

    def placeholder(kind: str) -> str:
        # markdown-it percent-encodes a link character by character (seconds for a few MB of
        # base64): it sees a short anchor, replaced by the data URI once rendered.
        return f"#figure-{kind}"

    def embed(text: str) -> str:
        for kind, png in images.items():
            uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
            text = text.replace(f'src="{placeholder(kind)}"', f'src="{uri}"')
        return text

    title = html.escape(doc.title)
    out = [
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"<style>{CSS}</style></head><body>",
        f"<h1>{title}</h1><p class='who'>{html.escape(doc.meta)}</p><nav>",
        *(f"<a href='#s{i}'>{html.escape(s.title)}</a>" for i, s in enumerate(doc.sections)),
        "</nav>",
    ]
    for i, section in enumerate(doc.sections):
        out.append(f"<h2 id='s{i}'>{html.escape(section.title)}</h2>")
        pending: list[Block] = []
        for block in [*section.blocks, None]:
            if block is not None and not isinstance(block, Embed):
                pending.append(block)
                continue
            lines = [line for b in pending for line in block_markdown(b, placeholder, doc.missing)]
            out.append(embed(md.render("\n".join(lines))))
            pending = []
            if isinstance(block, Embed) and block.src not in doc.missing:
                # The one piece of raw HTML: a frame around a page the report itself wrote.
                src = html.escape(block.src, quote=True)
                out.append(
                    f'<p><a href="{src}">{html.escape(block.caption)}</a></p>'
                    f'<iframe src="{src}" title="{html.escape(block.caption, quote=True)}" '
                    f'style="width:100%;height:{block.height}px;border:1px solid #ddd"></iframe>'
                )
    out.append(f"<footer>{html.escape(footer)}</footer></body></html>")
    return "\n".join(out)
