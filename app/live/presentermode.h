#pragma once

#include <QByteArray>
#include <QObject>

class QLabel;
class QMainWindow;

namespace infrastage::gui {

class DiagramView;
class LessonPlayer;
class WalkthroughPlayer;

// Presenter mode, for a class: full screen, docks and bars hidden, the canvas fitted, large
// fonts, the walkthrough's caption across the bottom of the canvas, Space / arrow keys step the
// walkthrough (or the lesson, while one waits for Next, its caption above the hop's), and a
// laser-pointer cursor. Escape (or the same action) ends it and puts the
// window back as it was.
class PresenterMode final : public QObject {
    Q_OBJECT

public:
    PresenterMode(QMainWindow *window, DiagramView *view, WalkthroughPlayer *player);

    bool isOn() const { return m_on; }
    void setOn(bool on);
    QString captionText() const;
    void setLesson(LessonPlayer *lesson);

Q_SIGNALS:
    void toggled(bool on);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateCaption();
    void placeCaption();

    QMainWindow *m_window;
    DiagramView *m_view;
    WalkthroughPlayer *m_player;
    LessonPlayer *m_lesson = nullptr;
    QString m_lessonCaption;
    bool m_showHop = true; // the lesson's step sent a request whose hops are being shown
    QLabel *m_caption;
    bool m_on = false;
    QByteArray m_savedState;
    bool m_wasFullScreen = false;
    bool m_wasMaximized = false;
};

} // namespace infrastage::gui
