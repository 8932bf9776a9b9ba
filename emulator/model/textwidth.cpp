#include "textwidth.h"

#include <QStringList>

#include <array>
#include <cmath>

namespace infrastage::TextWidth {

namespace {

// Advances of DejaVu Sans in 1/1000 em for U+0020..U+007E, measured with QFontMetricsF.
constexpr std::array<short, 95> kRegular = {
    318, 401, 460, 838, 637, 951, 780, 275, 391, 391, 500, 838, 318, 361,  318, 337, 637, 637, 637,
    637, 637, 637, 637, 637, 637, 637, 337, 337, 838, 838, 838, 531, 1000, 685, 687, 699, 771, 632,
    576, 775, 752, 295, 295, 656, 558, 863, 749, 788, 604, 788, 695, 635,  611, 732, 685, 989, 686,
    611, 686, 391, 337, 391, 838, 500, 500, 613, 635, 550, 635, 616, 353,  635, 634, 278, 278, 580,
    278, 975, 634, 612, 635, 635, 412, 521, 393, 634, 592, 818, 592, 592,  525, 637, 337, 637, 838};
constexpr std::array<short, 95> kBold = {
    349,  457, 521, 838, 696, 1002, 873, 307,  458, 458, 523, 838, 380, 416,  380, 366,
    696,  696, 696, 696, 696, 696,  696, 696,  696, 696, 400, 400, 838, 838,  838, 581,
    1000, 774, 763, 734, 831, 684,  684, 821,  837, 373, 373, 775, 638, 996,  837, 851,
    733,  851, 771, 721, 683, 812,  774, 1104, 771, 725, 726, 458, 366, 458,  838, 500,
    500,  675, 716, 593, 716, 679,  436, 716,  712, 343, 343, 666, 343, 1042, 712, 687,
    716,  716, 494, 596, 479, 712,  652, 924,  646, 652, 583, 712, 366, 712,  838};
constexpr qreal kPixelsPerPoint = 96.0 / 72.0;
constexpr qreal kLineSpacing = 1.165; // DejaVu Sans' line spacing, in em
constexpr qreal kMargin = 1.04;       // hinting and kerning differ a little between renderers

} // namespace

qreal pointSize(Style style) {
    switch (style) {
    case Style::CardName:
        return 9;
    case Style::ServerTitle:
        return 10;
    case Style::CardDetail:
    case Style::ComponentName:
    case Style::ServerDetail:
        return 8.5;
    case Style::ComponentDetail:
    case Style::LinkLabel:
        return 7.5;
    }
    return 9;
}

bool bold(Style style) {
    return style == Style::CardName || style == Style::ComponentName || style == Style::ServerTitle;
}

qreal of(const QString &text, Style style) {
    const auto &table = bold(style) ? kBold : kRegular;
    qreal em = 0;
    for (const QChar c : text) {
        if (c.isLowSurrogate())
            continue; // a pair counts once
        const ushort u = c.unicode();
        em += (u >= 0x20 && u < 0x7f) ? table[u - 0x20] : 1000;
    }
    return std::ceil(em / 1000 * pointSize(style) * kPixelsPerPoint * kMargin);
}

qreal lineHeight(Style style) {
    return std::ceil(pointSize(style) * kPixelsPerPoint * kLineSpacing);
}

QStringList wrap(const QString &text, Style style, qreal width) {
    QStringList lines;
    QString line;
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QString longer = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
        if (line.isEmpty() || of(longer, style) <= width) {
            line = longer;
            continue;
        }
        lines.append(line);
        line = word;
    }
    lines.append(line);
    return lines;
}

} // namespace infrastage::TextWidth
