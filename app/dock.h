#pragma once

#include <QDockWidget>
#include <QMainWindow>

namespace infrastage::gui {

// A dock of `window` holding `content`, named for saved layouts and for accessibility.
inline QDockWidget *addDock(QMainWindow *window, const QString &name, const QString &title,
                            QWidget *content, Qt::DockWidgetArea area) {
    auto *d = new QDockWidget(title, window);
    d->setObjectName(name);
    d->setWidget(content);
    d->setAccessibleName(title);
    window->addDockWidget(area, d);
    return d;
}

// Shows and raises the dock that holds `content` (tabbed docks share a place).
inline void showDock(QWidget *content) {
    if (auto *dock = qobject_cast<QDockWidget *>(content->parentWidget())) {
        dock->show();
        dock->raise();
    }
}

} // namespace infrastage::gui
