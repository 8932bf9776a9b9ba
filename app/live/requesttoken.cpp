#include "requesttoken.h"

#include <QBrush>
#include <QGraphicsEllipseItem>
#include <QGraphicsScene>
#include <QPen>
#include <QVariantAnimation>

namespace infrastage::gui {

namespace {
constexpr qreal kRadius = 8;
}

RequestToken::RequestToken(QGraphicsScene *scene, QObject *parent)
    : QObject(parent)
    , m_scene(scene)
    , m_dot(new QGraphicsEllipseItem(-kRadius, -kRadius, 2 * kRadius, 2 * kRadius))
    , m_animation(new QVariantAnimation(this)) {
    m_dot->setZValue(50);
    m_dot->setPen(QPen(Qt::white, 2));
    setFailed(false);
    m_dot->setVisible(false);
    m_scene->addItem(m_dot);
    m_animation->setStartValue(0.0);
    m_animation->setEndValue(1.0);
    m_animation->setEasingCurve(QEasingCurve::InOutQuad);
    connect(m_animation, &QVariantAnimation::valueChanged, this, [this](const QVariant &v) {
        const qreal t = v.toReal();
        m_dot->setPos(m_path.pointAtPercent(m_reverse ? 1 - t : t));
    });
}

RequestToken::~RequestToken() {
    if (m_scene)
        delete m_dot; // leaves the scene as it goes
}

void RequestToken::travel(const QPainterPath &path, bool reverse, int ms) {
    m_animation->stop();
    m_path = path;
    m_reverse = reverse;
    m_dot->setPos(path.pointAtPercent(reverse ? 1 : 0));
    m_dot->setVisible(true);
    m_animation->setDuration(qMax(1, ms));
    m_animation->start();
}

void RequestToken::rest(const QPointF &scenePos) {
    m_animation->stop();
    m_dot->setPos(scenePos);
    m_dot->setVisible(true);
}

void RequestToken::setFailed(bool failed) {
    m_dot->setBrush(failed ? QColor(0xd3, 0x2f, 0x2f) : QColor(0x1e, 0x88, 0xe5));
}

void RequestToken::hide() {
    m_animation->stop();
    m_dot->setVisible(false);
}

QPointF RequestToken::position() const {
    return m_dot->pos();
}

bool RequestToken::isVisible() const {
    return m_dot->isVisible();
}

} // namespace infrastage::gui
