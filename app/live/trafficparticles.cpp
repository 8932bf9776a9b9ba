#include "trafficparticles.h"

#include <QBrush>
#include <QGraphicsEllipseItem>
#include <QPen>
#include <QTimer>

#include <cmath>

namespace infrastage::gui {

namespace {
constexpr int kFrameMs = 16;         // about 60 frames a second
constexpr double kMaxPerSecond = 25; // released per link at most (Kiali's cap)
constexpr int kMaxDots = 40;         // on one link at once
constexpr double kCrossingMs = 1000; // a dot takes this long along a link
constexpr qreal kRadius = 3;
constexpr int kSamples = 48; // points looked up along a link
} // namespace

TrafficParticles::TrafficParticles(QGraphicsScene *scene, QObject *parent)
    : QObject(parent)
    , m_scene(scene)
    , m_timer(new QTimer(this))
    , m_random(7) {
    // Precise: a coarse timer may fire up to 5 % late, and each late tick is a longer frame.
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(kFrameMs);
    connect(m_timer, &QTimer::timeout, this, &TrafficParticles::frame);
    m_clock.start();
}

TrafficParticles::~TrafficParticles() {
    clear();
}

int TrafficParticles::frameMs() {
    return kFrameMs;
}

int TrafficParticles::crossingMs() {
    return int(kCrossingMs);
}

int TrafficParticles::maxPerSecond() {
    return int(kMaxPerSecond);
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
    f.perSecond = qBound(0.0, perSecond, kMaxPerSecond);
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
    m_lastMs = -1;
}

bool TrafficParticles::isAnimating() const {
    return m_timer->isActive();
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

QList<qreal> TrafficParticles::progress(const QString &link) const {
    QList<qreal> out;
    const double now = double(m_lastMs);
    for (const Dot &d : m_flows.value(link).dots)
        out << qreal((now - d.bornMs) / kCrossingMs);
    return out;
}

void TrafficParticles::frame() {
    advanceTo(m_clock.elapsed());
}

void TrafficParticles::release(Flow &f, double bornMs) {
    const bool error = m_random.generateDouble() < f.errorShare;
    QGraphicsEllipseItem *item = takeItem();
    item->setBrush(error ? QColor(0xd3, 0x2f, 0x2f) : QColor(0x2e, 0x9d, 0x4f));
    f.dots.append({item, bornMs});
}

void TrafficParticles::advanceTo(qint64 nowMs) {
    if (!m_scene)
        return;
    const qint64 sinceLast = m_lastMs < 0 ? 0 : qMax<qint64>(0, nowMs - m_lastMs);
    m_lastMs = qMax(m_lastMs, nowMs);
    const double now = double(m_lastMs);
    bool any = false;
    for (Flow &f : m_flows) {
        // The dots owed since the last frame, each released at the moment it was due: after
        // a late frame they are already on their way, spaced as the rate says.
        f.due += f.perSecond * double(sinceLast) / 1000.0;
        const double period = f.perSecond > 0 ? 1000.0 / f.perSecond : 0;
        while (f.due >= 1) {
            f.due -= 1;
            const double bornMs = now - f.due * period;
            if (now - bornMs >= kCrossingMs)
                continue; // it would be past the far end already
            if (f.dots.size() >= kMaxDots) {
                f.due -= std::floor(f.due); // the link is full: the rest are not owed
                break;
            }
            release(f, bornMs);
        }
        for (qsizetype i = f.dots.size() - 1; i >= 0; --i) {
            Dot &d = f.dots[i];
            const double t = (now - d.bornMs) / kCrossingMs;
            if (t >= 1) {
                d.item->hide();
                m_spare << d.item;
                f.dots.removeAt(i);
                continue;
            }
            d.item->setPos(pointAt(f, qreal(t)));
        }
        any = any || f.perSecond > 0 || !f.dots.isEmpty();
    }
    if (!any) {
        m_timer->stop();
        m_lastMs = -1; // the next start begins a new clock's frame
    }
}

} // namespace infrastage::gui
