#pragma once

#include <QGraphicsScene>
#include <QObject>
#include <QPainterPath>
#include <QPointer>

class QGraphicsEllipseItem;
class QVariantAnimation;

namespace infrastage::gui {

// The one moving object of a single request (Packet Tracer's envelope): a dot that travels
// along a link's curve, or waits on a node while the request is inside it.
class RequestToken final : public QObject {
    Q_OBJECT

public:
    RequestToken(QGraphicsScene *scene, QObject *parent = nullptr);
    ~RequestToken() override;

    // Along `path` (scene coordinates), backwards when `reverse`, in `ms` milliseconds.
    void travel(const QPainterPath &path, bool reverse, int ms);
    void rest(const QPointF &scenePos);
    void setFailed(bool failed);
    void hide();
    QPointF position() const;
    bool isVisible() const;

private:
    QPointer<QGraphicsScene> m_scene; // the dot goes with the scene if the scene goes first
    QGraphicsEllipseItem *m_dot;
    QVariantAnimation *m_animation;
    QPainterPath m_path;
    bool m_reverse = false;
};

} // namespace infrastage::gui
