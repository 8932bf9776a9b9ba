#include "findingspanel.h"

#include "fixes/fixes.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace infrastage::gui {

namespace {

QIcon severityIcon(Severity s) {
    const QColor color = s == Severity::Error     ? QColor(0xd3, 0x2f, 0x2f)
                         : s == Severity::Warning ? QColor(0xf0, 0x9a, 0x00)
                                                  : QColor(0x1f, 0x77, 0xd0);
    QPixmap pm(32, 32);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(color);
    p.setPen(Qt::NoPen);
    p.drawEllipse(QRectF(4, 4, 24, 24));
    p.setPen(Qt::white);
    QFont f;
    f.setBold(true);
    f.setPixelSize(18);
    p.setFont(f);
    p.drawText(QRectF(0, 0, 32, 32), Qt::AlignCenter,
               s == Severity::Info ? QStringLiteral("i") : QStringLiteral("!"));
    return QIcon(pm);
}

QString severityLabel(Severity s) {
    switch (s) {
    case Severity::Error:
        return FindingsPanel::tr("Error");
    case Severity::Warning:
        return FindingsPanel::tr("Warning");
    case Severity::Info:
        return FindingsPanel::tr("Info");
    }
    return QString();
}

} // namespace

FindingsPanel::FindingsPanel(QWidget *parent)
    : QWidget(parent) {
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_list = new QTreeWidget(this);
    m_list->setAccessibleName(tr("Findings"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setHeaderLabels({tr("Severity"), tr("Finding"), tr("Rule")});
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(false);
    layout->addWidget(m_list, 3);

    auto *side = new QVBoxLayout;
    m_details = new QLabel(this);
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setAccessibleName(tr("Finding explanation"));
    m_details->setMinimumWidth(260);
    side->addWidget(m_details, 1);
    m_fix = new QPushButton(tr("Apply fix"), this);
    m_fix->setAccessibleName(tr("Apply the automatic fix"));
    m_fix->setEnabled(false);
    side->addWidget(m_fix);
    layout->addLayout(side, 2);

    connect(m_list, &QTreeWidget::currentItemChanged, this, [this] {
        showDetails();
        const int i = currentIndex();
        if (i >= 0)
            Q_EMIT findingActivated(m_findings.at(i));
    });
    connect(m_list, &QTreeWidget::itemActivated, this, [this] {
        const int i = currentIndex();
        if (i >= 0)
            Q_EMIT findingActivated(m_findings.at(i));
    });
    connect(m_fix, &QPushButton::clicked, this, [this] {
        const int i = currentIndex();
        if (i >= 0 && !m_findings.at(i).fixId.isEmpty())
            Q_EMIT fixRequested(m_findings.at(i));
    });
    showDetails();
}

void FindingsPanel::setFindings(const Findings &findings) {
    // Keep the same finding selected across reruns when it is still there.
    const int current = currentIndex();
    const QString keepRule = current >= 0 ? m_findings.at(current).rule : QString();
    const QStringList keepNodes = current >= 0 ? m_findings.at(current).nodes : QStringList();
    m_findings = findings;
    const QSignalBlocker block(m_list);
    m_list->clear();
    int reselect = -1;
    for (int i = 0; i < findings.size(); ++i) {
        const Finding &f = findings.at(i);
        auto *item = new QTreeWidgetItem(m_list, {severityLabel(f.severity), f.title, f.rule});
        item->setIcon(0, severityIcon(f.severity));
        item->setToolTip(1, f.explanation);
        item->setData(0, Qt::UserRole, i);
        if (f.rule == keepRule && f.nodes == keepNodes)
            reselect = i;
    }
    if (reselect >= 0)
        m_list->setCurrentItem(m_list->topLevelItem(reselect));
    showDetails();
}

void FindingsPanel::selectFinding(int index) {
    if (index >= 0 && index < m_list->topLevelItemCount())
        m_list->setCurrentItem(m_list->topLevelItem(index));
}

int FindingsPanel::currentIndex() const {
    const QTreeWidgetItem *item = m_list->currentItem();
    return item ? item->data(0, Qt::UserRole).toInt() : -1;
}

void FindingsPanel::showDetails() {
    const int i = currentIndex();
    if (i < 0) {
        m_details->setText(m_findings.isEmpty()
                               ? tr("<b>No findings.</b> Nothing in this design is a single "
                                    "point of failure or a known security hole.")
                               : tr("Select a finding to read why it matters and how to fix it."));
        m_fix->setEnabled(false);
        m_fix->setText(tr("Apply fix"));
        return;
    }
    const Finding &f = m_findings.at(i);
    m_details->setText(QStringLiteral("<b>%1</b><p>%2</p><p><i>%3</i> %4</p>")
                           .arg(f.title.toHtmlEscaped(), f.explanation.toHtmlEscaped(),
                                tr("Fix:").toHtmlEscaped(), f.fix.toHtmlEscaped()));
    m_fix->setEnabled(!f.fixId.isEmpty());
    m_fix->setText(f.fixId.isEmpty() ? tr("No automatic fix") : fixLabel(f.fixId));
}

} // namespace infrastage::gui
