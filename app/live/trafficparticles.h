#pragma once

#include <QGraphicsScene>
#include <QHash>
#include <QObject>
#include <QPainterPath>
#include <QPointer>
#include <QRandomGenerator>

class QGraphicsEllipseItem;
class QTimer;

namespace infrastage::gui {

// A load's traffic on the canvas, as Kiali draws it: dots travelling along each link, released
// at the link's measured requests per second (capped, so 2,000 requests/s still draw smoothly),
// each one red with the probability of an error on that link. One timer moves them all.
class TrafficParticles final : public QObject {
    Q_OBJECT

public:
    explicit TrafficParticles(QGraphicsScene *scene, QObject *parent = nullptr);
    ~TrafficParticles() override;

    // The measured traffic of a link; `path` is its curve in scene coordinates.
    void setRate(const QString &link, const QPainterPath &path, double perSecond,
                 double errorShare);
    void clear();
    int particles() const; // on screen now, for tests and the frame budget

private:
    struct Dot {
        QGraphicsEllipseItem *item;
        qreal t; // 0..1 along the path
    };
    struct Flow {
        QPainterPath path;
        // Points evenly spaced along the path: a dot's place is looked up, not measured
        // along the curve every frame.
        QList<QPointF> along;
        double perSecond = 0;
        double errorShare = 0;
        double due = 0; // particles owed since the last release
        QList<Dot> dots;
    };
    void step();
    static QPointF pointAt(const Flow &flow, qreal t);
    QGraphicsEllipseItem *takeItem(); // a spare one, or a new one in the scene

    QPointer<QGraphicsScene> m_scene;
    QHash<QString, Flow> m_flows;
    QList<QGraphicsEllipseItem *> m_spare; // hidden, in the scene, for the next dots
    QTimer *m_timer;
    QRandomGenerator m_random;
};

} // namespace infrastage::gui
