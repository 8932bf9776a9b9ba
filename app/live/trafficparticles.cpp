#include "trafficparticles.h"

#include <QBrush>
#include <QGraphicsEllipseItem>
#include <QPen>
#include <QTimer>

namespace infrastage::gui {

namespace {
constexpr int kFrameMs = 33;           // about 30 frames a second
constexpr double kMaxPerSecond = 25;   // released per link at most (Kiali's cap)
constexpr int kMaxDots = 40;           // on one link at once
constexpr double kCrossingSeconds = 1; // a dot takes this long along a link
constexpr qreal kRadius = 3;
constexpr int kSamples = 48; // points looked up along a link
} // namespace

TrafficParticles::TrafficParticles(QGraphicsScene *scene, QObject *parent)
    : QObject(parent)
    , m_scene(scene)
    , m_timer(new QTimer(this))
    , m_random(7) {
    m_timer->setInterval(kFrameMs);
    connect(m_timer, &QTimer::timeout, this, &TrafficParticles::step);
}

TrafficParticles::~TrafficParticles() {
    clear();
}

void TrafficParticles::setRate(const QString &link, const QPainterPath &path, double perSecond,
                               double errorShare) {
    Flow &f = m_flows[link];
    if (f.along.isEmpty() || f.path != path) {
        f.path = path;
        f.along.clear();
        for (int i = 0; i <= kSamples; ++i)
            f.along << path.pointAtPercent(qreal(i) / kSamples);
    }
    f.perSecond = qMin(perSecond, kMaxPerSecond);
    f.errorShare = errorShare;
    if (f.perSecond > 0 && !m_timer->isActive())
        m_timer->start();
}

void TrafficParticles::clear() {
    for (Flow &f : m_flows)
        for (const Dot &d : std::as_const(f.dots))
            m_spare << d.item;
    if (m_scene)
        qDeleteAll(m_spare); // each leaves the scene as it goes; gone already with the scene
    m_spare.clear();
    m_flows.clear();
    m_timer->stop();
}

QPointF TrafficParticles::pointAt(const Flow &f, qreal t) {
    const qreal at = qBound<qreal>(0, t, 1) * kSamples;
    const int i = qMin(int(at), kSamples - 1);
    const qreal frac = at - i;
    return f.along.at(i) * (1 - frac) + f.along.at(i + 1) * frac;
}

QGraphicsEllipseItem *TrafficParticles::takeItem() {
    if (!m_spare.isEmpty()) {
        QGraphicsEllipseItem *item = m_spare.takeLast();
        item->show();
        return item;
    }
    auto *item = new QGraphicsEllipseItem(-kRadius, -kRadius, 2 * kRadius, 2 * kRadius);
    item->setPen(Qt::NoPen);
    item->setZValue(40);
    m_scene->addItem(item);
    return item;
}

int TrafficParticles::particles() const {
    int n = 0;
    for (const Flow &f : m_flows)
        n += int(f.dots.size());
    return n;
}

void TrafficParticles::step() {
    if (!m_scene)
        return;
    const double dt = kFrameMs / 1000.0;
    bool any = false;
    for (Flow &f : m_flows) {
        for (qsizetype i = f.dots.size() - 1; i >= 0; --i) {
            Dot &d = f.dots[i];
            d.t += dt / kCrossingSeconds;
            if (d.t >= 1) {
                d.item->hide();
                m_spare << d.item;
                f.dots.removeAt(i);
                continue;
            }
            d.item->setPos(pointAt(f, d.t));
        }
        f.due += f.perSecond * dt;
        while (f.due >= 1 && f.dots.size() < kMaxDots) {
            f.due -= 1;
            const bool error = m_random.generateDouble() < f.errorShare;
            QGraphicsEllipseItem *item = takeItem();
            item->setBrush(error ? QColor(0xd3, 0x2f, 0x2f) : QColor(0x2e, 0x9d, 0x4f));
            item->setPos(f.along.first());
            f.dots.append({item, 0});
        }
        f.due = qMin(f.due, 1.0);
        any = any || f.perSecond > 0 || !f.dots.isEmpty();
    }
    if (!any)
        m_timer->stop();
}

} // namespace infrastage::gui
