#pragma once

#include <QColor>
#include <QGraphicsObject>

namespace infrastage::gui {

// A small rounded label of the live view: a node's state ("DOWN", "SLOWED 200 ms"), a
// backend link's health ("UP", "DOWN: Layer4 connection problem"), a failure reason or a
// link's traffic. Its tooltip carries the full text. A QObject, so that whoever keeps one
// learns (QPointer) when the node or link it is attached to takes it away.
class LiveTagItem final : public QGraphicsObject {
    Q_OBJECT

public:
    enum { Type = UserType + 20 };

    explicit LiveTagItem(QGraphicsItem *parent = nullptr);
    int type() const override { return Type; }

    void setText(const QString &text, const QColor &color);
    const QString &text() const { return m_text; }
    QColor color() const { return m_color; }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QString m_text;
    QColor m_color;
    QRectF m_rect;
};

} // namespace infrastage::gui
