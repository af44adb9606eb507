export { studentRoutes } from './students.routes';
export {
  getStudentForScope,
  type StudentFacts,
  studentOfUser,
} from './students.service';
