#include "diagramtheme.h"

#include <QPalette>

namespace infrastage::gui {

DiagramTheme DiagramTheme::light() {
    DiagramTheme t;
    t.dark = false;
    t.background = QColor(0xf7, 0xf8, 0xfa);
    t.grid = QColor(0xe3, 0xe6, 0xeb);
    t.cardFill = QColor(0xff, 0xff, 0xff);
    t.cardBorder = QColor(0xc9, 0xcf, 0xd8);
    t.serverFill = QColor(0xee, 0xf5, 0xf0);
    t.serverBorder = QColor(0x2f, 0x8f, 0x5b);
    t.componentFill = QColor(0xff, 0xff, 0xff);
    t.text = QColor(0x1d, 0x23, 0x2b);
    t.mutedText = QColor(0x5f, 0x6b, 0x7a);
    t.selection = QColor(0x1f, 0x77, 0xd0);
    t.noteFill = QColor(0xff, 0xf6, 0xcc);
    t.error = QColor(0xd3, 0x2f, 0x2f);
    t.warning = QColor(0xf0, 0x9a, 0x00);
    return t;
}

DiagramTheme DiagramTheme::darkTheme() {
    DiagramTheme t;
    t.dark = true;
    t.background = QColor(0x1e, 0x21, 0x26);
    t.grid = QColor(0x2a, 0x2e, 0x35);
    t.cardFill = QColor(0x2b, 0x30, 0x38);
    t.cardBorder = QColor(0x46, 0x4e, 0x5a);
    t.serverFill = QColor(0x22, 0x31, 0x2a);
    t.serverBorder = QColor(0x4c, 0xb7, 0x82);
    t.componentFill = QColor(0x2b, 0x30, 0x38);
    t.text = QColor(0xe8, 0xea, 0xed);
    t.mutedText = QColor(0xa0, 0xa8, 0xb4);
    t.selection = QColor(0x5a, 0xa9, 0xf5);
    t.noteFill = QColor(0x4a, 0x43, 0x22);
    t.error = QColor(0xef, 0x53, 0x50);
    t.warning = QColor(0xff, 0xb3, 0x00);
    return t;
}

DiagramTheme DiagramTheme::fromPalette(const QPalette &palette) {
    return palette.color(QPalette::Window).lightness() < 128 ? darkTheme() : light();
}

QColor DiagramTheme::kindColor(NodeKind kind) {
    // The same tints as the icons in resources/icons.
    switch (kind) {
    case NodeKind::Client:
        return QColor(0x5b, 0x6b, 0x7f);
    case NodeKind::Dns:
        return QColor(0x7c, 0x4d, 0xbd);
    case NodeKind::LoadBalancer:
        return QColor(0x1f, 0x77, 0xd0);
    case NodeKind::Server:
        return QColor(0x2f, 0x8f, 0x5b);
    case NodeKind::Web:
        return QColor(0x0f, 0x9d, 0x8a);
    case NodeKind::App:
        return QColor(0xd9, 0x82, 0x2b);
    case NodeKind::Files:
        return QColor(0x8a, 0x6d, 0x3b);
    case NodeKind::Database:
        return QColor(0xc2, 0x41, 0x0c);
    case NodeKind::Firewall:
        return QColor(0xc6, 0x28, 0x28);
    case NodeKind::Monitoring:
        return QColor(0x00, 0x83, 0x8f);
    case NodeKind::Note:
        return QColor(0xb5, 0x8b, 0x00);
    }
    return Qt::gray;
}

QColor DiagramTheme::linkColor(LinkKind kind) const {
    switch (kind) {
    case LinkKind::Network:
        return dark ? QColor(0xb0, 0xb8, 0xc4) : QColor(0x4a, 0x55, 0x63);
    case LinkKind::Backend:
        return kindColor(NodeKind::LoadBalancer);
    case LinkKind::Upstream:
        return kindColor(NodeKind::Web);
    case LinkKind::Data:
        return kindColor(NodeKind::App);
    case LinkKind::Replication:
        return kindColor(NodeKind::Database);
    case LinkKind::DnsRecord:
        return kindColor(NodeKind::Dns);
    }
    return text;
}

QColor DiagramTheme::stateColor(NodeState state) {
    switch (state) {
    case NodeState::Design:
        return QColor();
    case NodeState::Starting:
        return QColor(0x90, 0xa4, 0xae);
    case NodeState::Up:
        return QColor(0x2e, 0x9d, 0x4f);
    case NodeState::Degraded:
        return QColor(0xf0, 0x9a, 0x00);
    case NodeState::Frozen:
        return QColor(0x42, 0x8b, 0xd9);
    case NodeState::Down:
        return QColor(0xd3, 0x2f, 0x2f);
    case NodeState::Fenced:
        return QColor(0x7b, 0x1f, 0xa2);
    case NodeState::Promoted:
        return QColor(0x00, 0x89, 0x7b);
    }
    return QColor();
}

} // namespace infrastage::gui
