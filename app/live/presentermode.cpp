#include "presentermode.h"

#include "lessonplayer.h"
#include "walkthroughplayer.h"

#include "canvas/diagramview.h"

#include <QDockWidget>
#include <QKeyEvent>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QPainter>
#include <QStatusBar>
#include <QToolBar>

namespace infrastage::gui {

namespace {

// A red dot with a soft halo, its hot spot in the middle.
QCursor laserPointer() {
    QPixmap pixmap(24, 24);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(255, 0, 0, 70));
    p.drawEllipse(QRectF(1, 1, 22, 22));
    p.setBrush(QColor(230, 0, 0));
    p.drawEllipse(QRectF(7, 7, 10, 10));
    return QCursor(pixmap, 12, 12);
}

} // namespace

PresenterMode::PresenterMode(QMainWindow *window, DiagramView *view, WalkthroughPlayer *player)
    : QObject(window)
    , m_window(window)
    , m_view(view)
    , m_player(player)
    , m_caption(new QLabel(view)) {
    m_caption->setObjectName(QStringLiteral("presenterCaption"));
    m_caption->setWordWrap(true);
    m_caption->setAlignment(Qt::AlignCenter);
    m_caption->setStyleSheet(QStringLiteral("QLabel { background: rgba(20, 24, 32, 210); color: "
                                            "white; padding: 14px; border-radius: 10px; }"));
    QFont big = m_caption->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    m_caption->setFont(big);
    m_caption->hide();
    connect(player, &WalkthroughPlayer::stepShown, this, [this] {
        m_showHop = true;
        updateCaption();
    });
}

void PresenterMode::setLesson(LessonPlayer *lesson) {
    m_lesson = lesson;
    connect(lesson, &LessonPlayer::captionChanged, this, [this](const QString &caption) {
        m_lessonCaption = caption;
        m_showHop = false; // until this step's request shows a hop
        updateCaption();
    });
}

void PresenterMode::setOn(bool on) {
    if (on == m_on)
        return;
    m_on = on;
    if (on) {
        m_savedState = m_window->saveState();
        m_wasFullScreen = m_window->isFullScreen();
        m_wasMaximized = m_window->isMaximized();
        for (QDockWidget *d : m_window->findChildren<QDockWidget *>())
            d->hide();
        for (QToolBar *t : m_window->findChildren<QToolBar *>())
            t->hide();
        m_window->menuBar()->hide();
        m_window->statusBar()->hide();
        m_window->showFullScreen();
        m_view->viewport()->setCursor(laserPointer());
        m_view->installEventFilter(this);
        m_view->viewport()->installEventFilter(this);
        m_view->setFocus();
        m_view->fitContent();
        updateCaption();
    } else {
        m_view->removeEventFilter(this);
        m_view->viewport()->removeEventFilter(this);
        m_view->viewport()->unsetCursor();
        m_caption->hide();
        m_window->menuBar()->show();
        m_window->statusBar()->show();
        m_window->restoreState(m_savedState);
        if (!m_wasFullScreen)
            m_wasMaximized ? m_window->showMaximized() : m_window->showNormal();
        m_view->fitContent();
    }
    emit toggled(on);
}

QString PresenterMode::captionText() const {
    return m_caption->isVisible() ? m_caption->text() : QString();
}

void PresenterMode::updateCaption() {
    const int i = m_player->current();
    const bool hop = m_showHop && i >= 0 && i < m_player->steps().size();
    if (!m_on || (!hop && m_lessonCaption.isEmpty())) {
        m_caption->hide();
        return;
    }
    QStringList lines;
    if (!m_lessonCaption.isEmpty())
        lines << m_lessonCaption;
    if (hop) {
        const runtime::WalkthroughStep &s = m_player->steps().at(i);
        lines << QStringLiteral("%1. %2 — %3")
                     .arg(int(s.stage))
                     .arg(runtime::walkthroughStageTitle(s.stage), s.caption);
    }
    m_caption->setText(lines.join(QLatin1Char('\n')));
    placeCaption();
    m_caption->show();
    m_caption->raise();
}

void PresenterMode::placeCaption() {
    const int margin = 24;
    const int width = m_view->width() - 2 * margin;
    m_caption->setFixedWidth(width);
    m_caption->adjustSize();
    m_caption->move(margin, m_view->height() - m_caption->height() - margin);
}

bool PresenterMode::eventFilter(QObject *watched, QEvent *event) {
    if (event->type() == QEvent::Resize && watched == m_view) {
        placeCaption();
        m_view->fitContent();
    }
    if (event->type() != QEvent::KeyPress)
        return QObject::eventFilter(watched, event);
    switch (static_cast<QKeyEvent *>(event)->key()) {
    case Qt::Key_Space:
    case Qt::Key_Right:
    case Qt::Key_Down:
    case Qt::Key_PageDown:
        // A lesson waiting for Next is stepped; otherwise the hops of its request are.
        if (m_lesson && m_lesson->isWaiting())
            m_lesson->next();
        else
            m_player->next();
        return true;
    case Qt::Key_Left:
    case Qt::Key_Up:
    case Qt::Key_PageUp:
    case Qt::Key_Backspace:
        m_player->previous();
        return true;
    case Qt::Key_Escape:
        setOn(false);
        return true;
    default:
        return QObject::eventFilter(watched, event);
    }
}

} // namespace infrastage::gui
