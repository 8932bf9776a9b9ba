#pragma once

#include "analysis/finding.h"

#include <QGraphicsItem>

namespace infrastage::gui {

struct DiagramTheme;

// The red (error) or amber (warning) dot on a node with findings; its tooltip explains them.
class BadgeItem final : public QGraphicsItem {
public:
    enum { Type = UserType + 3 };

    BadgeItem(const DiagramTheme *theme, QGraphicsItem *parent);
    int type() const override { return Type; }

    void setSeverity(Severity severity);
    Severity severity() const { return m_severity; }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    const DiagramTheme *m_theme;
    Severity m_severity = Severity::Warning;
};

} // namespace infrastage::gui
