#pragma once

#include <QString>

namespace infrastage {

// How wide a line of the designer's text is, known without a font engine (the CLI is a Qt Core
// program): the advances of DejaVu Sans, the widest of the common sans-serif faces and the one
// the designer falls back to on Linux, for the printable ASCII characters; anything else counts
// as a full em. Boxes sized by this estimate hold their text in that face or a narrower one.
namespace TextWidth {

// The fonts the painters use, in points (the canvas shows 96 device-independent pixels per inch).
enum class Style {
    CardName,        // a host card's name: bold 9 pt
    CardDetail,      // the line under it: 8.5 pt
    ComponentName,   // a component row's name: bold 8.5 pt
    ComponentDetail, // 7.5 pt
    ServerTitle,     // a server box's name: bold 10 pt
    ServerDetail,    // the server's address in its title band: 8.5 pt
    LinkLabel,       // the words on a link: 7.5 pt
};

qreal pointSize(Style style);
bool bold(Style style);
// The advance of `text` in pixels, rounded up, with a small margin for hinting.
qreal of(const QString &text, Style style);
// The height of one line of `style` in pixels.
qreal lineHeight(Style style);
// `text` broken at spaces into lines no wider than `width` (a word longer than that stands on
// a line of its own); never empty.
QStringList wrap(const QString &text, Style style, qreal width);

} // namespace TextWidth

} // namespace infrastage
