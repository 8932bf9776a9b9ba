#pragma once

#include "gateway/walkthroughstep.h"

#include <QWidget>

namespace infrastage::gui {

// One request as nested spans (Jaeger's trace view in small): a bar per node from the first
// to the last moment the request was there, indented under the node that called it, with its
// duration. The current step's node is highlighted.
class WaterfallView final : public QWidget {
    Q_OBJECT

public:
    explicit WaterfallView(QWidget *parent = nullptr);

    void setSteps(const QList<runtime::WalkthroughStep> &steps);
    void setCurrentNode(const QString &node);
    QSize sizeHint() const override;

    struct Span {
        QString node;
        int depth = 0;
        double startMs = 0;
        double endMs = 0;
    };
    const QList<Span> &spans() const { return m_spans; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<Span> m_spans;
    double m_totalMs = 0;
    QString m_current;
};

} // namespace infrastage::gui
