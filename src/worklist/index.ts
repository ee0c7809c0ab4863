export { WorkingCalendar, workingCalendar, type CalendarFile } from './calendar';
export { byDeadline, concerns, WorkItem, WorkItemKind, workPage, WorkPageArgs, worklistReference, worklistType, type Worklist } from './work-item';
