/** The signed-in user's answer (`{"user":{...,"token":...}}`), for the modules that sign users in. */
export { UserResponse, UserView } from './dto/user-response.dto';
