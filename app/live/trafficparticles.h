#pragma once

#include <QElapsedTimer>
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
// each one red with the probability of an error on that link.
// One frame clock moves them all: a ~60 frames/s timer whose ticks only say "draw now"; where
// each dot is follows from the time elapsed since it was released, so a late tick (a busy GUI
// thread, a loaded machine) never slows the traffic down, it only skips a frame. The timer runs
// only while something moves.
class TrafficParticles final : public QObject {
    Q_OBJECT

public:
    explicit TrafficParticles(QGraphicsScene *scene, QObject *parent = nullptr);
    ~TrafficParticles() override;

    // The measured traffic of a link; `path` is its curve in scene coordinates.
    void setRate(const QString &link, const QPainterPath &path, double perSecond,
                 double errorShare);
    void clear();
    int particles() const;     // on screen now, for tests and the frame budget
    bool isAnimating() const;  // the frame timer runs: false when nothing moves
    static int frameMs();      // the frame timer's interval
    static int crossingMs();   // how long a dot takes along a link
    static int maxPerSecond(); // dots released per link per second at most

    // One frame at `nowMs` on the animation's clock (milliseconds, any origin, never going
    // back): releases the dots owed since the last frame, each at the moment it was due, and
    // puts every dot where its age says. The frame timer calls it with its clock; a test can
    // call it with chosen times.
    void advanceTo(qint64 nowMs);
    // Where the dots of a link are now, as fractions 0..1 of the way, oldest first: for tests.
    QList<qreal> progress(const QString &link) const;

private:
    struct Dot {
        QGraphicsEllipseItem *item;
        double bornMs; // when it left the link's start, on the animation's clock
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
    void frame();
    void release(Flow &f, double bornMs);
    static QPointF pointAt(const Flow &flow, qreal t);
    QGraphicsEllipseItem *takeItem(); // a spare one, or a new one in the scene

    QPointer<QGraphicsScene> m_scene;
    QHash<QString, Flow> m_flows;
    QList<QGraphicsEllipseItem *> m_spare; // hidden, in the scene, for the next dots
    QTimer *m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastMs = -1; // the last frame's time; -1: none since the timer started
    QRandomGenerator m_random;
};

} // namespace infrastage::gui
