#pragma once

#include "model/linkkind.h"
#include "model/nodekind.h"
#include "nodestate.h"

#include <QColor>

class QPalette;

namespace infrastage::gui {

// The colours of a diagram, light or dark; painters and link items read them.
struct DiagramTheme {
    bool dark = false;
    QColor background;
    QColor grid;
    QColor cardFill;
    QColor cardBorder;
    QColor serverFill;
    QColor serverBorder;
    QColor componentFill;
    QColor text;
    QColor mutedText;
    QColor selection;
    QColor noteFill;
    QColor error;
    QColor warning;

    static DiagramTheme light();
    static DiagramTheme darkTheme();
    // Light or dark after the window colour of `palette`.
    static DiagramTheme fromPalette(const QPalette &palette);

    static QColor kindColor(NodeKind kind);
    QColor linkColor(LinkKind kind) const;
    static QColor stateColor(NodeState state); // invalid for Design
};

} // namespace infrastage::gui
