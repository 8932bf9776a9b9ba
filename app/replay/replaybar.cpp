#include "replaybar.h"

#include "replaycontroller.h"
#include "replayscrubber.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace infrastage::gui {

namespace {
QString clock(qint64 ns) {
    const qint64 ms = ns / 1000000;
    return QStringLiteral("%1:%2.%3")
        .arg(ms / 60000)
        .arg(ms / 1000 % 60, 2, 10, QLatin1Char('0'))
        .arg(ms / 100 % 10);
}
} // namespace

ReplayBar::ReplayBar(ReplayController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_play(new QToolButton(this))
    , m_restart(new QToolButton(this))
    , m_speed(new QComboBox(this))
    , m_scrubber(new ReplayScrubber(this))
    , m_time(new QLabel(this))
    , m_close(new QToolButton(this)) {
    setObjectName(QStringLiteral("replayBar"));
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(4, 2, 4, 2);
    auto *badge = new QLabel(tr("REPLAY"), this);
    badge->setStyleSheet(
        QStringLiteral("QLabel { background: #d93025; color: white; "
                       "font-weight: bold; border-radius: 4px; padding: 2px 6px; }"));
    m_restart->setIcon(style()->standardIcon(QStyle::SP_MediaSkipBackward));
    m_restart->setToolTip(tr("Back to the start"));
    m_play->setObjectName(QStringLiteral("replayPlay"));
    m_play->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_play->setToolTip(tr("Play / Pause (the recording's own pace times the speed)"));
    for (double s : {0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0})
        m_speed->addItem(QStringLiteral("%1×").arg(s), s);
    m_speed->setCurrentIndex(3);
    m_speed->setToolTip(tr("Speed: 1× is as fast as it happened"));
    m_time->setMinimumWidth(110);
    m_close->setIcon(style()->standardIcon(QStyle::SP_DialogCloseButton));
    m_close->setToolTip(tr("Close the replay: back to the design"));
    row->addWidget(badge);
    row->addWidget(m_restart);
    row->addWidget(m_play);
    row->addWidget(m_speed);
    row->addWidget(m_scrubber, 1);
    row->addWidget(m_time);
    row->addWidget(m_close);

    connect(m_play, &QToolButton::clicked, this, [this] {
        if (m_controller->isPlaying())
            m_controller->pause();
        else
            m_controller->play();
    });
    connect(m_restart, &QToolButton::clicked, this, [this] { m_controller->seek(0); });
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this] { m_controller->setSpeed(m_speed->currentData().toDouble()); });
    connect(m_close, &QToolButton::clicked, m_controller, &ReplayController::close);
    connect(m_scrubber, &ReplayScrubber::scrubbed, m_controller, &ReplayController::scrubTo);
    connect(m_controller, &ReplayController::opened, this, &ReplayBar::onOpened);
    connect(m_controller, &ReplayController::positionChanged, this, &ReplayBar::showPosition);
    connect(m_controller, &ReplayController::playingChanged, this, [this](bool playing) {
        m_play->setIcon(
            style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    });
}

void ReplayBar::onOpened() {
    const ReplayTimeline *t = m_controller->timeline();
    QList<qint64> times, requests, faults;
    times.reserve(qsizetype(t->events().size()));
    for (int i = 0; i < int(t->events().size()); ++i)
        times << t->timeOf(i);
    for (const RecordedRequest &r : t->requests())
        requests << r.startNs - t->startNs();
    for (int i : t->faultEvents())
        faults << t->timeOf(i);
    m_scrubber->setRecording(t->durationNs(), times, requests, faults);
    m_speed->setCurrentIndex(3);
    m_controller->setSpeed(1);
    showPosition(m_controller->position());
}

void ReplayBar::showPosition(qint64 ns) {
    m_scrubber->setPosition(ns);
    m_time->setText(QStringLiteral("%1 / %2").arg(clock(ns), clock(m_controller->duration())));
}

} // namespace infrastage::gui
